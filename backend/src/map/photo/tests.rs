//! Photos: what is kept of good uploads, and that hostile ones are refused.

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, RgbImage};

use super::{PhotoError, keep};
use coproduce_widgets::map::limits::{PHOTO_BYTES_MAX, PHOTO_SIDE};

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

/// An APP1 segment holding EXIF with a GPS position and a camera make ("Exif\0\0" and a
/// little-endian TIFF with IFD0: Make and a GPS IFD pointer; the GPS IFD: latitude ref).
fn exif_app1() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes()); // IFD0 at 8
    tiff.extend(2u16.to_le_bytes()); // two entries
    // Make (0x010f), ASCII, 4 bytes inline: "Cam\0".
    tiff.extend(0x010fu16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(4u32.to_le_bytes());
    tiff.extend(b"Cam\0");
    // GPS IFD pointer (0x8825), LONG, at offset 38.
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes()); // no next IFD
    // GPS IFD: GPSLatitudeRef (1) = "N".
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(b"N\0\0\0");
    tiff.extend(0u32.to_le_bytes());
    let mut body = b"Exif\0\0".to_vec();
    body.extend(tiff);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(u16::try_from(body.len() + 2).unwrap().to_be_bytes());
    seg.extend(body);
    seg
}

/// A JPEG with `extra` segments right after its start marker.
fn with_segment(mut jpeg: Vec<u8>, segment: &[u8]) -> Vec<u8> {
    let tail = jpeg.split_off(2);
    jpeg.extend(segment);
    jpeg.extend(tail);
    jpeg
}

fn has_app1(jpeg: &[u8]) -> bool {
    jpeg.windows(2).any(|w| w == [0xFF, 0xE1])
}

#[test]
fn a_photo_with_a_gps_position_is_kept_without_any_exif() {
    let upload = with_segment(jpeg(640, 480), &exif_app1());
    assert!(has_app1(&upload) && upload.windows(4).any(|w| w == b"Exif"));
    image::load_from_memory(&upload).expect("the upload is a valid JPEG");
    let kept = keep(&upload).unwrap();
    assert!(!has_app1(&kept.jpeg), "no APP1 (EXIF) segment");
    assert!(!kept.jpeg.windows(4).any(|w| w == b"Exif" || w == b"Cam\0"));
    assert_eq!((kept.width, kept.height), (640, 480));
    let back = image::load_from_memory_with_format(&kept.jpeg, ImageFormat::Jpeg).unwrap();
    assert_eq!((back.width(), back.height()), (640, 480));
}

#[test]
fn a_large_photo_is_shrunk_to_the_kept_size_and_a_png_becomes_a_jpeg() {
    let kept = keep(&jpeg(4000, 3000)).unwrap();
    assert_eq!((kept.width, kept.height), (PHOTO_SIDE, PHOTO_SIDE * 3 / 4));
    let mut png = Vec::new();
    RgbImage::new(300, 200)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let kept = keep(&png).unwrap();
    assert_eq!(image::guess_format(&kept.jpeg).unwrap(), ImageFormat::Jpeg);
}

#[test]
fn svg_html_and_other_files_are_not_photos() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>"#;
    let html = b"<!doctype html><script>alert(1)</script>";
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    for file in [&svg[..], &html[..], &gif[..], b"", b"\xFF\xD8"] {
        let got = keep(file).map(|_| ());
        assert!(
            matches!(got, Err(PhotoError::NotAPhoto | PhotoError::Damaged)),
            "{got:?}"
        );
    }
    assert_eq!(keep(&svg[..]).map(|_| ()), Err(PhotoError::NotAPhoto));
}

#[test]
fn a_jpeg_html_polyglot_keeps_only_its_pixels() {
    // A comment segment holding markup, and markup after the image's end.
    let markup = b"<html><script>alert(1)</script>";
    let mut comment = vec![0xFF, 0xFE];
    comment.extend(u16::try_from(markup.len() + 2).unwrap().to_be_bytes());
    comment.extend(markup);
    let mut polyglot = with_segment(jpeg(200, 100), &comment);
    polyglot.extend(b"<html><body><script>alert(2)</script></body></html>");
    assert!(polyglot.windows(7).any(|w| w == b"<script"));
    let kept = keep(&polyglot).unwrap();
    assert!(!kept.jpeg.windows(7).any(|w| w == b"<script"));
}

#[test]
fn truncated_photos_and_bombs_are_refused() {
    let whole = jpeg(800, 600);
    let cut = &whole[..whole.len() / 2];
    assert_eq!(keep(cut).map(|_| ()), Err(PhotoError::Damaged));
    // Cut short, with a whole JPEG (as an EXIF thumbnail is) in a segment before the scan.
    let thumbnail = jpeg(8, 8);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(u16::try_from(thumbnail.len() + 2).unwrap().to_be_bytes());
    app1.extend(&thumbnail);
    let with_thumbnail = with_segment(whole.clone(), &app1);
    assert!(keep(&with_thumbnail).is_ok());
    let cut = &with_thumbnail[..with_thumbnail.len() - whole.len() / 2];
    assert_eq!(keep(cut).map(|_| ()), Err(PhotoError::Damaged));
    // A small JPEG whose header claims 60,000 × 60,000 pixels (3.6 gigapixels): refused from
    // the header, before its pixels would be allocated.
    let mut bomb = jpeg(16, 16);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bomb[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
    bomb[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
    assert_eq!(keep(&bomb).map(|_| ()), Err(PhotoError::TooManyPixels));
    let oversized = vec![0u8; PHOTO_BYTES_MAX + 1];
    assert_eq!(keep(&oversized).map(|_| ()), Err(PhotoError::TooLarge));
}
