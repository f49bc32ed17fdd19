//! A report's photo as kept: the upload decoded within bounds and written anew as JPEG.
//!
//! Only JPEG, PNG and WebP are read, recognised by their first bytes (not by a name or a type
//! the browser claims), so SVG, HTML and anything else is refused. The header's size is checked
//! before any pixel is decoded, and the decoder may allocate no more than a photo of that size
//! needs: a small file that claims a huge image (a decompression bomb) is refused without the
//! memory. The photo is turned upright (the camera's orientation), shrunk to
//! [`PHOTO_SIDE`] on its long side, and encoded again: nothing of the upload but its pixels
//! stays: no EXIF (the camera, the time, the GPS position), no comments, no bytes of another
//! format appended (an HTML/JPEG polyglot).

use std::io::Cursor;

use coproduce_widgets::map::limits::{
    PHOTO_BYTES_MAX, PHOTO_PIXELS_MAX, PHOTO_QUALITY, PHOTO_SIDE,
};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// Why an upload is not taken; `code` is the API's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// Over [`PHOTO_BYTES_MAX`].
    TooLarge,
    /// Not a JPEG, PNG or WebP image.
    NotAPhoto,
    /// More pixels than [`PHOTO_PIXELS_MAX`].
    TooManyPixels,
    /// Cut short or damaged.
    Damaged,
}

impl PhotoError {
    pub fn code(self) -> &'static str {
        match self {
            PhotoError::TooLarge => "photo_too_large",
            PhotoError::NotAPhoto => "photo_not_an_image",
            PhotoError::TooManyPixels => "photo_too_many_pixels",
            PhotoError::Damaged => "photo_damaged",
        }
    }
}

/// A photo as kept: a JPEG of its own making.
#[derive(Debug, Clone)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    let side = u32::try_from(PHOTO_PIXELS_MAX).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    // The decoded pixels (four bytes each at most) and the decoder's own buffers.
    limits.max_alloc = Some(PHOTO_PIXELS_MAX * 4 + 16 * 1024 * 1024);
    limits
}

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    reader
}

fn damaged_or_bounds(e: ImageError) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        _ => PhotoError::Damaged,
    }
}

/// Whether a JPEG's image data ends (an end marker after the start of its first scan): the
/// decoder fills a file cut short with grey rather than saying so. The segments before the
/// scan are walked by their lengths (an EXIF thumbnail is a whole JPEG of its own); inside a
/// scan a 0xFF byte is always followed by 0x00 or a restart marker.
fn jpeg_ends(b: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let (marker, len) = (
            b[i + 1],
            usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]])),
        );
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xDA {
            let data = b.get(i + 2 + len..).unwrap_or_default();
            return data.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        i += 2 + len;
    }
    false
}

/// The photo kept of an upload, or why there is none. Takes a while (decoding and encoding
/// a phone's photo): call it off the async runtime.
pub fn keep(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > PHOTO_BYTES_MAX {
        return Err(PhotoError::TooLarge);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::NotAPhoto),
    };
    if format == ImageFormat::Jpeg && !jpeg_ends(bytes) {
        return Err(PhotoError::Damaged);
    }
    let (w, h) = reader(bytes, format)
        .into_dimensions()
        .map_err(damaged_or_bounds)?;
    if u64::from(w) * u64::from(h) > PHOTO_PIXELS_MAX || w == 0 || h == 0 {
        return Err(PhotoError::TooManyPixels);
    }
    let mut decoder = reader(bytes, format)
        .into_decoder()
        .map_err(damaged_or_bounds)?;
    let orientation = decoder.orientation().map_err(damaged_or_bounds)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(damaged_or_bounds)?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > PHOTO_SIDE {
        img = img.resize(PHOTO_SIDE, PHOTO_SIDE, FilterType::Triangle);
    }
    let rgb = img.to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, PHOTO_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::Damaged)?;
    Ok(Photo {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

#[cfg(test)]
mod tests;
