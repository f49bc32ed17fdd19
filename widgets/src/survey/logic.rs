//! Skip and display logic: checking a definition's rules when it is saved, and applying them
//! to a participant's answers. The server, the standalone page and the embed all call these
//! functions, so they cannot disagree about which page comes next.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::definition::{Definition, Effect, QuestionKind, Rule, Test};
use super::response::{Answer, Answers};

/// Why a definition's logic was refused; each names the rule (or the id) at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogicError {
    /// Two pages, questions or rules share an id.
    DuplicateId(String),
    /// The rule's condition asks about a question that does not exist (deleted?).
    UnknownQuestion { rule: String },
    /// The rule shows a page or question that does not exist.
    UnknownTarget { rule: String },
    /// The rule's test does not fit its question (an option it does not have, a number test on
    /// a text question).
    BadTest { rule: String },
    /// Following the rules leads back to where they started.
    Cycle { rule: String },
    /// The condition's question does not come before what the rule shows.
    NotBefore { rule: String },
}

impl LogicError {
    /// A stable code for the console's message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::DuplicateId(_) => "logic_duplicate_id",
            Self::UnknownQuestion { .. } => "logic_unknown_question",
            Self::UnknownTarget { .. } => "logic_unknown_target",
            Self::BadTest { .. } => "logic_bad_test",
            Self::Cycle { .. } => "logic_cycle",
            Self::NotBefore { .. } => "logic_not_before",
        }
    }

    /// The rule (or id) the error is about.
    pub fn subject(&self) -> &str {
        match self {
            Self::DuplicateId(id) => id,
            Self::UnknownQuestion { rule }
            | Self::UnknownTarget { rule }
            | Self::BadTest { rule }
            | Self::Cycle { rule }
            | Self::NotBefore { rule } => rule,
        }
    }
}

/// The page index a rule's effect points at, and the questions it governs.
fn targets(def: &Definition, rule: &Rule) -> Option<(usize, Vec<String>)> {
    match &rule.then {
        Effect::ShowPage(page) => {
            let p = def.page_index(page)?;
            Some((
                p,
                def.pages[p]
                    .questions
                    .iter()
                    .map(|q| q.id.clone())
                    .collect(),
            ))
        }
        Effect::ShowQuestion(q) => def.locate(q).map(|(p, _)| (p, vec![q.clone()])),
        Effect::End => None,
    }
}

fn test_fits(kind: &QuestionKind, other: bool, test: &Test) -> bool {
    let option = |options: &[super::definition::Choice], id: &str| {
        options.iter().any(|o| o.id == id) || (other && id == super::response::OTHER)
    };
    match (kind, test) {
        (_, Test::Answered) => true,
        (QuestionKind::SingleChoice { options, .. }, Test::Is(id)) => option(options, id),
        (QuestionKind::SingleChoice { options, .. }, Test::IsNot(ids)) => {
            !ids.is_empty() && ids.iter().all(|id| option(options, id))
        }
        (QuestionKind::MultipleChoice { options, .. }, Test::Includes(id)) => option(options, id),
        (QuestionKind::YesNo, Test::Is(v)) => v == "yes" || v == "no",
        (
            QuestionKind::Number { .. } | QuestionKind::Scale { .. } | QuestionKind::Rating { .. },
            Test::AtLeast(_) | Test::AtMost(_),
        ) => true,
        _ => false,
    }
}

/// Checks every id and rule of `def`: the first error found, naming what is at fault.
pub fn validate(def: &Definition) -> Result<(), LogicError> {
    let mut seen = BTreeSet::new();
    for id in def.ids() {
        if !seen.insert(id.as_str()) {
            return Err(LogicError::DuplicateId(id.clone()));
        }
    }
    for rule in &def.rules {
        let named = || rule.id.clone();
        let Some(question) = def.question(&rule.when.question) else {
            return Err(LogicError::UnknownQuestion { rule: named() });
        };
        if !matches!(rule.then, Effect::End) && targets(def, rule).is_none() {
            return Err(LogicError::UnknownTarget { rule: named() });
        }
        if !test_fits(&question.kind, question.other, &rule.when.test) {
            return Err(LogicError::BadTest { rule: named() });
        }
    }
    if let Some(rule) = cycle(def) {
        return Err(LogicError::Cycle { rule });
    }
    // What a rule shows comes after its condition's question: a page on a later page, a
    // question later in the survey (on its page too: the embed shows it as the answer is
    // given, the no-JS page when the page is sent and the question is still unanswered).
    for rule in &def.rules {
        let Some(from) = def.locate(&rule.when.question) else {
            continue;
        };
        let after = match &rule.then {
            Effect::ShowPage(page) => def.page_index(page).map(|p| from.0 < p),
            Effect::ShowQuestion(q) => def.locate(q).map(|to| from < to),
            Effect::End => None,
        };
        if after == Some(false) {
            return Err(LogicError::NotBefore {
                rule: rule.id.clone(),
            });
        }
    }
    Ok(())
}

/// A rule on a cycle of "this question's answer decides whether that question is shown", if
/// there is one.
fn cycle(def: &Definition) -> Option<String> {
    // Edges: condition question → each question the rule governs, labelled by the rule.
    let mut edges: BTreeMap<&str, Vec<(String, &str)>> = BTreeMap::new();
    for rule in &def.rules {
        if let Some((_, governed)) = targets(def, rule) {
            for q in governed {
                edges
                    .entry(rule.when.question.as_str())
                    .or_default()
                    .push((q, rule.id.as_str()));
            }
        }
    }
    // Depth-first search with colours: 1 on the path, 2 done.
    let mut colour: BTreeMap<String, u8> = BTreeMap::new();
    fn visit(
        node: &str,
        edges: &BTreeMap<&str, Vec<(String, &str)>>,
        colour: &mut BTreeMap<String, u8>,
    ) -> Option<String> {
        colour.insert(node.to_string(), 1);
        for (next, rule) in edges.get(node).map(Vec::as_slice).unwrap_or_default() {
            match colour.get(next.as_str()) {
                Some(1) => return Some((*rule).to_string()),
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, edges, colour) {
                        return Some(found);
                    }
                }
            }
        }
        colour.insert(node.to_string(), 2);
        None
    }
    let starts: Vec<&str> = edges.keys().copied().collect();
    for start in starts {
        if !colour.contains_key(start)
            && let Some(found) = visit(start, &edges, &mut colour)
        {
            return Some(found);
        }
    }
    None
}

/// Whether `answer` passes `test`.
fn passes(test: &Test, answer: &Answer) -> bool {
    match (test, answer) {
        (Test::Answered, _) => true,
        (Test::Is(v), Answer::Choice(c)) => c == v,
        (Test::Is(v), Answer::Yes(y)) => (v == "yes") == *y,
        (Test::IsNot(vs), Answer::Choice(c)) => !vs.contains(c),
        (Test::Includes(v), Answer::Choices(cs)) => cs.contains(v),
        (Test::AtLeast(n), Answer::Number(x)) => x >= n,
        (Test::AtMost(n), Answer::Number(x)) => x <= n,
        _ => false,
    }
}

/// Applies a valid definition's rules to answers.
pub struct Logic<'a> {
    def: &'a Definition,
    answers: &'a Answers,
    /// Whether each question asked so far is shown: every rule's condition asks about an
    /// earlier question, and each end rule is asked again for every later page, so without
    /// this the work grew exponentially with the pages that have end rules.
    shown: RefCell<BTreeMap<String, bool>>,
}

impl<'a> Logic<'a> {
    pub fn new(def: &'a Definition, answers: &'a Answers) -> Self {
        Self {
            def,
            answers,
            shown: RefCell::new(BTreeMap::new()),
        }
    }

    fn holds(&self, rule: &Rule, depth: usize) -> bool {
        // A valid definition's conditions only look back, so this ends; the bound keeps an
        // invalid one from recursing for ever.
        if depth > self.def.rules.len() {
            return false;
        }
        let q = &rule.when.question;
        self.question_shown_at(q, depth + 1)
            && self
                .answers
                .get(q)
                .is_some_and(|a| passes(&rule.when.test, a))
    }

    fn shown_by(&self, effect: impl Fn(&Effect) -> bool, depth: usize) -> bool {
        let mut rules = self.def.rules.iter().filter(|r| effect(&r.then)).peekable();
        rules.peek().is_none() || rules.any(|r| self.holds(r, depth))
    }

    fn page_shown_at(&self, page: usize, depth: usize) -> bool {
        let id = &self.def.pages[page].id;
        self.shown_by(|e| matches!(e, Effect::ShowPage(p) if p == id), depth)
    }

    fn question_shown_at(&self, question: &str, depth: usize) -> bool {
        if let Some(known) = self.shown.borrow().get(question) {
            return *known;
        }
        let Some((page, _)) = self.def.locate(question) else {
            return false;
        };
        let shown = self.page_shown_at(page, depth)
            && self.shown_by(
                |e| matches!(e, Effect::ShowQuestion(q) if q == question),
                depth,
            )
            && self.path_reaches(page, depth);
        self.shown.borrow_mut().insert(question.to_string(), shown);
        shown
    }

    /// Whether no end rule on a page before `page` holds.
    fn path_reaches(&self, page: usize, depth: usize) -> bool {
        !self.def.rules.iter().any(|r| {
            matches!(r.then, Effect::End)
                && self
                    .def
                    .locate(&r.when.question)
                    .is_some_and(|(p, _)| p < page)
                && self.holds(r, depth)
        })
    }

    /// Whether the participant sees question `id`.
    pub fn question_shown(&self, id: &str) -> bool {
        self.question_shown_at(id, 0)
    }

    /// Whether the participant sees page `index` (it is shown and the survey did not end
    /// before it).
    pub fn page_shown(&self, index: usize) -> bool {
        index < self.def.pages.len() && self.page_shown_at(index, 0) && self.path_reaches(index, 0)
    }

    /// The pages the participant goes through, in order.
    pub fn path(&self) -> Vec<usize> {
        (0..self.def.pages.len())
            .filter(|&p| self.page_shown(p))
            .collect()
    }

    /// The page after `current` (`None`: the first), or `None` when the survey is done.
    pub fn next_page(&self, current: Option<usize>) -> Option<usize> {
        let from = current.map_or(0, |c| c + 1);
        (from..self.def.pages.len()).find(|&p| self.page_shown(p))
    }

    /// Whether a page may follow `current`: one shown now, or a later one that a rule shows
    /// depending on an answer on `current` (not given yet, or about to change). The page then
    /// offers Next rather than Send; Next on a page that turns out to be the last sends.
    pub fn may_go_on(&self, current: usize) -> bool {
        if self.next_page(Some(current)).is_some() {
            return true;
        }
        let Some(here) = self.def.pages.get(current) else {
            return false;
        };
        self.def.rules.iter().any(|r| {
            let later = match &r.then {
                Effect::ShowPage(p) => self.def.page_index(p).is_some_and(|i| i > current),
                _ => false,
            };
            later && here.questions.iter().any(|q| q.id == r.when.question)
        })
    }

    /// The page before `current` on the participant's path (Back).
    pub fn previous_page(&self, current: usize) -> Option<usize> {
        (0..current.min(self.def.pages.len()))
            .rev()
            .find(|&p| self.page_shown(p))
    }
}

/// The answers a response keeps when it is sent: those to questions the participant is shown
/// on their path. Going Back and changing an answer can hide questions answered before; their
/// answers go, and with them whatever they showed, until nothing changes.
pub fn kept_answers(def: &Definition, answers: &Answers) -> Answers {
    let mut current = answers.clone();
    loop {
        let keep: Vec<String> = {
            let logic = Logic::new(def, &current);
            logic
                .path()
                .into_iter()
                .flat_map(|p| &def.pages[p].questions)
                .filter(|q| logic.question_shown(&q.id))
                .map(|q| q.id.clone())
                .collect()
        };
        let mut next = current.clone();
        next.values.retain(|id, _| keep.contains(id));
        next.other.retain(|id, _| keep.contains(id));
        if next == current {
            return current;
        }
        current = next;
    }
}
