//! One page of a survey as citizens see it: its questions as form fields (named as `form`
//! reads them), each error next to its question and all of them in a summary at the top, the
//! progress, Back and Next (or Send). Rendered by the server for the standalone page (a form
//! post per page) and by the embed (which takes the form over); the console's preview is the
//! server's rendering too, so staff see what citizens see.

use leptos::prelude::*;

use super::definition::{Definition, Question, QuestionKind, Texts};
use super::form::{field, part_field};
use super::response::{Answer, Answers, OTHER, OTHER_MAX_CHARS};
use super::texts::{SurveyMsg, answer_error};
use crate::i18n::{Lang, Msg, t};
use crate::ui::{Handlers, busy_attr, form_guard};

/// What a reader does on a survey page in the embed: the page's fields and the button pressed.
#[derive(Clone, Debug)]
pub enum PageAction {
    Next(Vec<(String, String)>),
    Back(Vec<(String, String)>),
}

/// Everything one page shows. The form's id is `{uid}-form`, for buttons outside it.
pub struct PageProps<'a> {
    pub def: &'a Definition,
    /// The page's index in the definition.
    pub page: usize,
    /// Its position on the participant's path, from 1, and the path's length so far.
    pub progress: (usize, usize),
    /// Whether it is the path's last page (Send instead of Next).
    pub last: bool,
    pub answers: &'a Answers,
    /// (question id, error code).
    pub errors: &'a [(String, &'static str)],
    pub lang: Lang,
    pub plain: bool,
    pub uid: &'a str,
    /// Where the form posts (the standalone page).
    pub action: String,
    /// Fields the page carries for the server (page, version, earlier answers, …).
    pub hidden: Vec<(&'static str, String)>,
    pub form_token: String,
    pub handlers: Option<Handlers<PageAction>>,
    pub busy: bool,
    /// Every question of the page, whatever the logic says (the console's preview).
    pub all_questions: bool,
}

/// The element id of question `q` on page `page`: ids of the definition may hold any
/// character, their positions never clash.
fn question_id(uid: &str, page: usize, q: usize) -> String {
    format!("{uid}-p{page}-q{q}")
}

pub fn survey_page(p: PageProps<'_>) -> impl IntoView + use<> {
    let PageProps {
        def,
        page,
        progress,
        last,
        answers,
        errors,
        lang,
        plain,
        uid,
        action,
        hidden,
        form_token,
        handlers,
        busy,
        all_questions,
    } = p;
    let tx = |texts: &Texts| texts.get(lang, plain).to_string();
    let Some(this) = def.pages.get(page) else {
        return view! { <p>{t(lang, Msg::LoadFailed)}</p> }.into_any();
    };
    let logic = super::logic::Logic::new(def, answers);
    let error_of = |id: &str| errors.iter().find(|(q, _)| q == id).map(|(_, c)| *c);
    let summary = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .filter_map(|(id, code)| {
                let i = this.questions.iter().position(|q| &q.id == id)?;
                let target = question_id(uid, page, i);
                let text = format!(
                    "{}: {}",
                    tx(&this.questions[i].text),
                    answer_error(lang, code)
                );
                let href = format!("#{target}");
                let in_embed = handlers.is_some();
                let on_click = move |ev: leptos::ev::MouseEvent| {
                    if in_embed {
                        crate::dom::focus_in_root(&ev, &target);
                    }
                };
                Some(view! { <li><a href=href on:click=on_click>{text}</a></li> })
            })
            .collect_view();
        view! {
            <div class="cp-errors" role="alert">
                <p>{t(lang, Msg::ErrorSummary)}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let questions = this
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| all_questions || logic.question_shown(&q.id))
        .map(|(i, q)| {
            question_view(
                q,
                &question_id(uid, page, i),
                answers,
                error_of(&q.id),
                lang,
                plain,
            )
        })
        .collect_view();
    let heading = this.title.as_ref().map(|title| {
        let title = tx(title);
        view! { <h3 class="cp-h">{title}</h3> }
    });
    let hidden = hidden
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(h) = handlers {
            ev.prevent_default();
            let fields = crate::dom::all_form_fields(&ev);
            let back = fields.iter().any(|(k, v)| k == "go" && v == "back");
            h.run(if back {
                PageAction::Back(fields)
            } else {
                PageAction::Next(fields)
            });
        }
    };
    let send = if last {
        t(lang, SurveyMsg::Send)
    } else {
        t(lang, SurveyMsg::Next)
    };
    let (at, of) = progress;
    let first = at <= 1;
    // A button of the form: switching keeps what was typed on this page.
    let switch = def.has_plain(lang).then(|| {
        let label = if plain {
            t(lang, SurveyMsg::StandardLanguage)
        } else {
            t(lang, SurveyMsg::PlainLanguage)
        };
        view! {
            <button type="submit" name="go" value="plain" class="cp-button cp-secondary cp-plain" formnovalidate>{label}</button>
        }
    });
    let form_id = format!("{uid}-form");
    view! {
        <form id=form_id method="post" action=action class="cp-form cp-survey-page" novalidate on:submit=on_submit>
            <p class="cp-progress">
                {format!("{} {at} / {of}", t(lang, SurveyMsg::Progress))}
                <progress max=of.to_string() value=at.to_string() aria-hidden="true"></progress>
            </p>
            {switch}
            {heading}
            {summary}
            {questions}
            {hidden}
            {form_guard(lang, uid, form_token)}
            <div class="cp-actions">
                <button type="submit" name="go" value="back" class="cp-button cp-secondary" hidden=first formnovalidate>
                    {t(lang, SurveyMsg::Back)}
                </button>
                <button type="submit" name="go" value="next" class="cp-button" aria-disabled=busy_attr(busy)>
                    {send}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// The questions of page `page`, every one, without a form around them: a map report's extra
/// questions inside the report's own form.
pub fn questions_view(
    def: &Definition,
    page: usize,
    answers: &Answers,
    errors: &[(String, &'static str)],
    lang: Lang,
    uid: &str,
) -> impl IntoView + use<> {
    let error_of = |id: &str| errors.iter().find(|(q, _)| q == id).map(|(_, c)| *c);
    def.pages.get(page).map(|p| {
        p.questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                question_view(
                    q,
                    &question_id(uid, page, i),
                    answers,
                    error_of(&q.id),
                    lang,
                    false,
                )
            })
            .collect_view()
    })
}

/// A number answer as a form value.
fn number_of(answers: &Answers, id: &str) -> Option<i64> {
    match answers.get(id) {
        Some(Answer::Number(n)) => Some(*n),
        _ => None,
    }
}

/// One question: its label or legend, help, required mark, input and error.
fn question_view(
    q: &Question,
    id: &str,
    answers: &Answers,
    error: Option<&'static str>,
    lang: Lang,
    plain: bool,
) -> impl IntoView + use<> {
    let tx = |texts: &Texts| texts.get(lang, plain).to_string();
    let name = field(&q.id);
    let help_id = format!("{id}-help");
    let err_id = format!("{id}-error");
    let described = match error {
        Some(_) => format!("{help_id} {err_id}"),
        None => help_id.clone(),
    };
    let help = q.help.as_ref().map(&tx).unwrap_or_default();
    let label = tx(&q.text);
    let required = q.required.then(|| t(lang, SurveyMsg::Required));
    let error_view = error.map(|code| {
        view! { <p id=err_id.clone() class="cp-field-error">{answer_error(lang, code)}</p> }
    });
    let invalid = if error.is_some() { "true" } else { "false" };
    let choice_of = |a: &Answers| match a.get(&q.id) {
        Some(Answer::Choice(c)) => vec![c.clone()],
        Some(Answer::Choices(cs)) => cs.clone(),
        Some(Answer::Yes(true)) => vec!["yes".into()],
        Some(Answer::Yes(false)) => vec!["no".into()],
        Some(Answer::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    };
    let chosen = choice_of(answers);
    // (value, label) of a question answered by picking.
    let picks: Option<(Vec<(String, String)>, bool)> = match &q.kind {
        QuestionKind::SingleChoice { options, .. } => Some((
            options
                .iter()
                .map(|o| (o.id.clone(), tx(&o.label)))
                .collect(),
            false,
        )),
        QuestionKind::MultipleChoice { options, .. } => Some((
            options
                .iter()
                .map(|o| (o.id.clone(), tx(&o.label)))
                .collect(),
            true,
        )),
        QuestionKind::Scale { points } => Some((
            points
                .iter()
                .enumerate()
                .map(|(i, p)| ((i + 1).to_string(), tx(p)))
                .collect(),
            false,
        )),
        QuestionKind::Rating { max, nps } => {
            let range = if *nps { 0..=10 } else { 1..=i64::from(*max) };
            Some((
                range.map(|v| (v.to_string(), v.to_string())).collect(),
                false,
            ))
        }
        QuestionKind::YesNo => Some((
            vec![
                ("yes".into(), t(lang, SurveyMsg::Yes).into()),
                ("no".into(), t(lang, SurveyMsg::No).into()),
            ],
            false,
        )),
        _ => None,
    };
    let dropdown = matches!(q.kind, QuestionKind::SingleChoice { dropdown: true, .. });
    let other_text = answers.other.get(&q.id).cloned().unwrap_or_default();
    let other = (q.other && picks.is_some()).then(|| {
        let other_id = format!("{id}-other");
        view! {
            <div class="cp-field cp-other">
                <label for=other_id.clone()>{t(lang, SurveyMsg::OtherLabel)}</label>
                <input id=other_id type="text" name=part_field(&q.id, OTHER) value=other_text
                    maxlength=OTHER_MAX_CHARS.to_string() />
            </div>
        }
    });
    match (&q.kind, picks) {
        (_, Some((mut items, multiple))) if !dropdown => {
            if q.other {
                items.push((OTHER.into(), t(lang, SurveyMsg::Other).into()));
            }
            let kind = if multiple { "checkbox" } else { "radio" };
            let inputs = items
                .into_iter()
                .enumerate()
                .map(|(i, (value, text))| {
                    let input_id = format!("{id}-{i}");
                    let checked = chosen.contains(&value);
                    view! {
                        <div class="cp-choice">
                            <input id=input_id.clone() type=kind name=name.clone() value=value checked=checked />
                            " "
                            <label for=input_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            let horizontal = matches!(q.kind, QuestionKind::Rating { .. });
            let class = if horizontal { "cp-q cp-q-row" } else { "cp-q" };
            view! {
                <fieldset class=class id=id.to_string() aria-describedby=described aria-invalid=invalid tabindex="-1">
                    <legend>{label} " " <span class="cp-hint">{required}</span></legend>
                    <p id=help_id class="cp-hint">{help}</p>
                    {inputs}
                    {other}
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
        (_, Some((mut items, _))) => {
            if q.other {
                items.push((OTHER.into(), t(lang, SurveyMsg::Other).into()));
            }
            let options = items
                .into_iter()
                .map(|(value, text)| {
                    let selected = chosen.contains(&value);
                    view! { <option value=value selected=selected>{text}</option> }
                })
                .collect_view();
            view! {
                <div class="cp-field cp-q">
                    <label for=id.to_string()>{label} " " <span class="cp-hint">{required}</span></label>
                    <span id=help_id class="cp-hint">{help}</span>
                    <select id=id.to_string() name=name aria-describedby=described aria-invalid=invalid>
                        <option value="">{t(lang, SurveyMsg::ChooseOne)}</option>
                        {options}
                    </select>
                    {other}
                    {error_view}
                </div>
            }
            .into_any()
        }
        (QuestionKind::Ranking { options }, None) => {
            let n = options.len();
            let order: Vec<String> = match answers.get(&q.id) {
                Some(Answer::Order(o)) => o.clone(),
                _ => Vec::new(),
            };
            let rows = options
                .iter()
                .enumerate()
                .map(|(oi, o)| {
                    let select_id = format!("{id}-{oi}");
                    let at = order.iter().position(|x| x == &o.id).map(|p| p + 1);
                    let positions = (1..=n)
                        .map(|p| {
                            view! { <option value=p.to_string() selected=at == Some(p)>{p.to_string()}</option> }
                        })
                        .collect_view();
                    let text = tx(&o.label);
                    view! {
                        <div class="cp-rank">
                            <select id=select_id.clone() name=part_field(&q.id, &o.id)>
                                <option value="">"–"</option>
                                {positions}
                            </select>
                            " "
                            <label for=select_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="cp-q" id=id.to_string() aria-describedby=described aria-invalid=invalid tabindex="-1">
                    <legend>{label} " " <span class="cp-hint">{required}</span></legend>
                    <p id=help_id class="cp-hint">{help}</p>
                    {rows}
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
        (QuestionKind::Matrix { rows, scale }, None) => {
            let given = match answers.get(&q.id) {
                Some(Answer::Rows(r)) => r.clone(),
                _ => Default::default(),
            };
            let scale: Vec<String> = scale.iter().map(&tx).collect();
            let rows = rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let row_name = part_field(&q.id, &row.id);
                    let at = given.get(&row.id).copied();
                    let points = scale
                        .iter()
                        .enumerate()
                        .map(|(i, text)| {
                            let input_id = format!("{id}-{r}-{i}");
                            let value = (i + 1) as i64;
                            view! {
                                <div class="cp-choice">
                                    <input id=input_id.clone() type="radio" name=row_name.clone() value=value.to_string() checked=at == Some(value) />
                                    " "
                                    <label for=input_id>{text.clone()}</label>
                                </div>
                            }
                        })
                        .collect_view();
                    let text = tx(&row.label);
                    view! {
                        <fieldset class="cp-matrix-row cp-q-row">
                            <legend>{text}</legend>
                            {points}
                        </fieldset>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="cp-q" id=id.to_string() aria-describedby=described aria-invalid=invalid tabindex="-1">
                    <legend>{label} " " <span class="cp-hint">{required}</span></legend>
                    <p id=help_id class="cp-hint">{help}</p>
                    {rows}
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
        (kind, None) => {
            let value = match answers.get(&q.id) {
                Some(Answer::Text(s) | Answer::Date(s)) => s.clone(),
                _ => number_of(answers, &q.id)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            };
            // One `input` element for every one-line kind, its bounds as optional attributes:
            // each distinct view shape costs WASM.
            let num = |n: &Option<i64>| n.map(|m| m.to_string());
            let (ty, max_chars, min, max, step) = match kind {
                QuestionKind::Text { max_chars, .. } => {
                    ("text", Some(max_chars.to_string()), None, None, None)
                }
                QuestionKind::Number { min, max, step } => {
                    ("number", None, num(min), num(max), num(step))
                }
                QuestionKind::Date { min, max } => ("date", None, min.clone(), max.clone(), None),
                _ => ("text", None, None, None, None),
            };
            let input = if matches!(kind, QuestionKind::Text { long: true, .. }) {
                view! {
                    <textarea id=id.to_string() name=name rows="5" maxlength=max_chars
                        aria-describedby=described aria-invalid=invalid
                        inner_html=crate::escape::textarea_html(&value)></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input id=id.to_string() type=ty name=name value=value maxlength=max_chars
                        min=min max=max step=step
                        aria-describedby=described aria-invalid=invalid />
                }
                .into_any()
            };
            view! {
                <div class="cp-field cp-q">
                    <label for=id.to_string()>{label} " " <span class="cp-hint">{required}</span></label>
                    <span id=help_id class="cp-hint">{help}</span>
                    {input}
                    {error_view}
                </div>
            }
            .into_any()
        }
    }
}
