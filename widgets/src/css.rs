//! The stylesheet as sent: `style/widget.css` is written to be read (comments, one rule per
//! line); comments and layout whitespace are taken out before it goes to a browser, about a
//! fifth of its gzipped size (BENCHMARKS.md).

/// `css` without comments and without whitespace that carries no meaning: runs of whitespace
/// become one space, none is kept next to `{`, `}`, `;`, `,` or after `:`, and the last `;`
/// of a block goes. Strings are copied as they are. Only for stylesheets written here: a `:`
/// followed by whitespace inside a selector (`a: hover`) would change meaning, and ours have
/// none (a test checks).
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut space = false;
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for d in chars.by_ref() {
                    if star && d == '/' {
                        break;
                    }
                    star = d == '*';
                }
            }
            c if c.is_whitespace() => space = true,
            _ => {
                let glued = |x: char| matches!(x, '{' | '}' | ';' | ',');
                if space
                    && !out.is_empty()
                    && !glued(c)
                    && !out.ends_with(glued)
                    && !out.ends_with(':')
                {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    let mut escaped = false;
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == c && !escaped {
                            break;
                        }
                        escaped = d == '\\' && !escaped;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn comments_and_layout_whitespace_go() {
        let css = "/* a comment */\n.a,\n.b  > .c {\n  color: red;\n  margin: 0 auto;\n}\n";
        assert_eq!(minify(css), ".a,.b > .c{color:red;margin:0 auto}");
    }

    #[test]
    fn strings_media_queries_and_calc_keep_their_meaning() {
        let css = "p { font: 16px/1.5 var(--f, \"Segoe  UI\", sans-serif); width: calc(100% - 2rem); }\n\
                   @media (min-width: 40rem) and (prefers-reduced-motion: no-preference) { p { top: 0; } }\n\
                   q::before { content: '/* not a comment */ \\' '; }";
        assert_eq!(
            minify(css),
            "p{font:16px/1.5 var(--f,\"Segoe  UI\",sans-serif);width:calc(100% - 2rem)}\
             @media (min-width:40rem) and (prefers-reduced-motion:no-preference){p{top:0}}\
             q::before{content:'/* not a comment */ \\' '}"
        );
    }

    #[test]
    fn the_widget_stylesheet_shrinks_and_stays_the_same_rules() {
        let min = minify(crate::WIDGET_CSS);
        assert!(
            min.len() * 10 < crate::WIDGET_CSS.len() * 9,
            "{} of {}",
            min.len(),
            crate::WIDGET_CSS.len()
        );
        assert_eq!(minify(&min), min, "minifying twice changes nothing");
        // The one place a removed space would change a selector: a colon followed by space.
        // Selectors are what stands before a `{` since the last `{`, `}` or `;` (comments out).
        let uncommented: String = crate::WIDGET_CSS
            .split("/*")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("*/").map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        for prelude in uncommented.split('{') {
            let selector = prelude.rsplit(['}', ';']).next().unwrap_or_default().trim();
            if !selector.starts_with('@') {
                assert!(!selector.contains(": "), "selector with ': ': {selector}");
            }
        }
        assert_eq!(min.matches('{').count(), uncommented.matches('{').count());
    }
}
