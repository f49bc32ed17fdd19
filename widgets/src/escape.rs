//! The one HTML escaper, for the widget's SSR and the server's own HTML alike.
//!
//! Leptos escapes text children and attribute values by itself, except inside elements whose
//! children its renderer writes raw: `script`, `style` and, in the pinned tachys 0.2.19,
//! `textarea` (fixed upstream in leptos-rs/leptos PR 4821, not released for 0.8). A value
//! echoed into a textarea therefore goes through [`textarea_html`], which every form uses.

/// Escapes text for HTML text and quoted attribute positions.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The markup of a textarea's content, for its `inner_html`: the server writes it as it is
/// and the browser (SSR page, or `innerHTML` in the embed) decodes it back to the text typed,
/// so the same call is right for both renderers and no value can close the element.
pub fn textarea_html(value: &str) -> String {
    escape_html(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_comes_out_inert() {
        assert_eq!(
            escape_html(r#"</textarea><script>alert("x")</script>&'"#),
            "&lt;/textarea&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
        assert_eq!(escape_html("Bänke im Park"), "Bänke im Park");
    }
}
