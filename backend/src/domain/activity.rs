//! Activities: what an organisation asks citizens to take part in. Each has a kind, a key (its
//! address), a title, an invitation (the board's question, a survey's introduction), whether it
//! takes contributions, how it moderates them and the languages it is offered in.

use coproduce_widgets::contract::limits;

use super::text::checked_text;

checked_text!(
    ActivityTitle,
    "title",
    required = true,
    min = 3,
    max = limits::BOARD_TITLE_MAX,
    multiline = false
);
checked_text!(
    ActivityIntro,
    "question",
    required = true,
    min = 3,
    max = limits::BOARD_QUESTION_MAX,
    multiline = true
);
