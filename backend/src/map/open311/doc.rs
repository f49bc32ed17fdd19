//! An Open311 answer as one tree, written as JSON or as XML the way GeoReport v2 shows them
//! (a list is an element of its own name holding one element per item). Every text is
//! escaped by the writer: no markup is put together by hand.

use serde_json::Value;

/// One value of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Empty in XML, `null` in JSON.
    Null,
    /// Named fields, in order.
    Object(Vec<(&'static str, Node)>),
    /// Items; in XML each is an element named `.0`.
    List(&'static str, Vec<Node>),
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Text(s.into())
    }

    pub fn opt(s: Option<impl Into<String>>) -> Node {
        s.map_or(Node::Null, |s| Node::Text(s.into()))
    }

    pub fn to_json(&self) -> Value {
        match self {
            Node::Text(s) => Value::String(s.clone()),
            Node::Int(n) => Value::from(*n),
            Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_string(), v.to_json()))
                    .collect(),
            ),
            Node::List(_, items) => Value::Array(items.iter().map(Node::to_json).collect()),
        }
    }

    /// The document: `<?xml …?>` and this node as the element `root`.
    pub fn to_xml(&self, root: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        self.write_xml(root, &mut out);
        out
    }

    fn write_xml(&self, name: &str, out: &mut String) {
        out.push('<');
        out.push_str(name);
        out.push('>');
        match self {
            Node::Text(s) => escape(s, out),
            Node::Int(n) => out.push_str(&n.to_string()),
            Node::Float(f) => out.push_str(&f.to_string()),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Null => {}
            Node::Object(fields) => {
                for (k, v) in fields {
                    v.write_xml(k, out);
                }
            }
            Node::List(item, items) => {
                for i in items {
                    i.write_xml(item, out);
                }
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

/// Text as XML character data: markup characters escaped, and characters XML 1.0 cannot hold
/// (control characters other than tab and line breaks) left out.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_written_as_its_items_in_xml_and_an_array_in_json() {
        let doc = Node::List(
            "request",
            vec![Node::Object(vec![
                ("service_request_id", Node::text("a1")),
                ("description", Node::text("<script>&\u{1}")),
                ("lat", Node::Float(52.5)),
                ("media_url", Node::Null),
            ])],
        );
        assert_eq!(
            doc.to_xml("service_requests"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request><service_request_id>a1</service_request_id><description>&lt;script&gt;&amp;</description><lat>52.5</lat><media_url></media_url></request></service_requests>"
        );
        assert_eq!(
            doc.to_json(),
            serde_json::json!([{ "service_request_id": "a1", "description": "<script>&\u{1}", "lat": 52.5, "media_url": null }])
        );
    }
}
