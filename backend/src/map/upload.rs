//! A report with photos as a `multipart/form-data` body: from the page without JavaScript
//! (its text fields and `photo` files) and from the widget (a `report` part of JSON and the
//! photos it shrank). Read part by part within bounds: the number of parts, each text field's
//! size, each photo's size and their number; nothing is decoded here (`map::photo` does that).

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::http::StatusCode;
use coproduce_widgets::contract::codes;
use coproduce_widgets::map::contract::map_codes;
use coproduce_widgets::map::definition::{MapDefinition, NewReportWire, ReportErrors};
use coproduce_widgets::map::form::report_from_form;
use coproduce_widgets::map::limits::{PHOTO_BYTES_MAX, PHOTOS_MAX};

use crate::http::error::ApiError;

/// Parts a body may have at most (a form's fields and the photos).
const PARTS_MAX: usize = 200;
/// A text part's size at most.
const TEXT_BYTES_MAX: usize = 64 * 1024;

/// The body a report with photos may have at most: every photo at its largest, and the rest.
pub const BODY_BYTES_MAX: usize = PHOTOS_MAX * PHOTO_BYTES_MAX + 1024 * 1024;

/// What a multipart body held.
#[derive(Debug, Default)]
pub struct Upload {
    /// Text fields by name, in order.
    pub fields: Vec<(String, String)>,
    /// The files of `photo` parts, in order (empty file inputs left out).
    pub photos: Vec<Bytes>,
}

fn refuse(status: StatusCode, code: &'static str) -> ApiError {
    ApiError::new(status, code)
}

/// Reads the body part by part; a photo over its size or one photo too many stops it at once.
pub async fn read(mut body: Multipart) -> Result<Upload, ApiError> {
    let mut upload = Upload::default();
    let malformed = || refuse(StatusCode::BAD_REQUEST, codes::MALFORMED);
    for _ in 0..PARTS_MAX {
        let Some(mut part) = body.next_field().await.map_err(|_| malformed())? else {
            return Ok(upload);
        };
        let name = part.name().unwrap_or("").to_string();
        if name == "photo" {
            let mut bytes = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(|_| malformed())? {
                if bytes.len() + chunk.len() > PHOTO_BYTES_MAX {
                    return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, "photo_too_large"));
                }
                bytes.extend_from_slice(&chunk);
            }
            // A file input left empty still sends its part.
            if bytes.is_empty() {
                continue;
            }
            if upload.photos.len() == PHOTOS_MAX {
                return Err(refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    map_codes::TOO_MANY_PHOTOS,
                ));
            }
            upload.photos.push(Bytes::from(bytes));
        } else {
            let mut text = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(|_| malformed())? {
                if text.len() + chunk.len() > TEXT_BYTES_MAX {
                    return Err(refuse(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        codes::PAYLOAD_TOO_LARGE,
                    ));
                }
                text.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(text).map_err(|_| malformed())?;
            upload.fields.push((name, text));
        }
    }
    Err(refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        codes::PAYLOAD_TOO_LARGE,
    ))
}

impl Upload {
    fn one(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The report the body holds: the widget's `report` part of JSON, or the page's form
    /// fields (extra questions named as the survey's, `q.{id}`), with the fields that could
    /// not be read.
    pub fn report(&self, def: &MapDefinition) -> Result<(NewReportWire, ReportErrors), ApiError> {
        let json = self.one("report");
        if !json.is_empty() {
            let wire = serde_json::from_str(json)
                .map_err(|_| refuse(StatusCode::BAD_REQUEST, codes::MALFORMED))?;
            return Ok((wire, Vec::new()));
        }
        Ok(report_from_form(&self.fields, def))
    }
}
