//! Text fields: what a design file or a share link may carry in a string.
//!
//! Every string of a design (and every map key) is bounded in length and free of invisible and
//! bidirectional characters, which would make a name, an image or an id look like something
//! else than it is (issue 13); descriptions may hold newlines and tabs, nothing else of the
//! kind. Fields that AWS reads as ids, ARNs, paths or images get the exact shape AWS accepts
//! ([`certificate_arn`], [`vpc_id`], [`subnet_id`], [`health_check_path`], [`image`],
//! [`hosted_zone_id`]); the design rules call those at their fields.

use crate::design::Design;
use crate::diagnostic::Diagnostic;
use serde::ser::{self, Serialize};

/// Longest text of any design field, in characters: the longest value AWS takes for any of
/// them (a target group's health check path, 1,024).
pub const MAX_TEXT_CHARS: usize = 1024;
/// Longest description, in characters: an EventBridge rule's description (512).
pub const MAX_DESCRIPTION_CHARS: usize = 512;
/// Longest container image before its digest (Amazon ECS task definitions).
pub const MAX_IMAGE_CHARS: usize = 255;
/// Longest health check path (Elastic Load Balancing target groups).
pub const MAX_HEALTH_CHECK_PATH: usize = 1024;

/// AWS partitions an ARN may name.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-eusc",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
];

/// The text problems of every string and map key of `design`, at most one per JSON Pointer:
/// too long, or holding an invisible, control or bidirectional character (named, with its
/// position). Where this finds a problem, the field's other errors are consequences of it;
/// [`crate::validate::validate`] keeps only this one.
pub fn validate_text(design: &Design) -> Vec<Diagnostic> {
    let mut walker = Walker::default();
    // The walker never fails; a design always serializes.
    let _ = design.serialize(&mut walker);
    walker.out
}

/// One step of a JSON Pointer: a field, a map key or an index.
enum Step {
    Field(&'static str),
    Key(String),
    Index(usize),
}

/// The JSON Pointer of `path`, built only for a finding.
fn pointer(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Field(k) => out.push_str(k),
            Step::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Visits every string and map key of a design as serde writes it (so each has the JSON
/// Pointer of the design file), without building the JSON.
#[derive(Default)]
struct Walker {
    path: Vec<Step>,
    out: Vec<Diagnostic>,
    /// The map key just read, for the value that follows it.
    key: Option<String>,
    /// Whether the map key just read has a finding.
    key_found: bool,
}

/// The walker's error: never produced, required by serde.
#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unreachable")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

/// Reads a map key as text.
struct KeyText;

macro_rules! key_as_string {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<String, Never> {
            Ok(v.to_string())
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Never;
    type SerializeSeq = ser::Impossible<String, Never>;
    type SerializeTuple = ser::Impossible<String, Never>;
    type SerializeTupleStruct = ser::Impossible<String, Never>;
    type SerializeTupleVariant = ser::Impossible<String, Never>;
    type SerializeMap = ser::Impossible<String, Never>;
    type SerializeStruct = ser::Impossible<String, Never>;
    type SerializeStructVariant = ser::Impossible<String, Never>;
    key_as_string!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str);
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Never> {
        Err(Never)
    }
    fn serialize_none(self) -> Result<String, Never> {
        Err(Never)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<String, Never> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Never> {
        Err(Never)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Never> {
        Err(Never)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<String, Never> {
        Ok(v.to_string())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<String, Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Never> {
        Err(Never)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Never> {
        Err(Never)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Never> {
        Err(Never)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Never> {
        Err(Never)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Never> {
        Err(Never)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Never> {
        Err(Never)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Never> {
        Err(Never)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Never> {
        Err(Never)
    }
}

macro_rules! ignore_scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _: $ty) -> Result<(), Never> {
            Ok(())
        })*
    };
}

impl<'w> ser::Serializer for &'w mut Walker {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Seq<'w>;
    type SerializeTuple = Seq<'w>;
    type SerializeTupleStruct = Seq<'w>;
    type SerializeTupleVariant = Seq<'w>;
    type SerializeMap = &'w mut Walker;
    type SerializeStruct = &'w mut Walker;
    type SerializeStructVariant = &'w mut Walker;
    ignore_scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8]);
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        let free = matches!(self.path.last(), Some(Step::Field("description")));
        check(&self.path, "text", v, free, &mut self.out);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.path.push(Step::Field(variant));
        let result = v.serialize(&mut *self);
        self.path.pop();
        result
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'w>, Never> {
        Ok(Seq {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Seq<'w>, Never> {
        Ok(Seq {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq<'w>, Never> {
        Ok(Seq {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Seq<'w>, Never> {
        Ok(Seq {
            walker: self,
            next: 0,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<&'w mut Walker, Never> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<&'w mut Walker, Never> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<&'w mut Walker, Never> {
        Ok(self)
    }
}

/// A list (or tuple) being walked: the index of its next element.
struct Seq<'w> {
    walker: &'w mut Walker,
    next: usize,
}

impl Seq<'_> {
    fn element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        self.walker.path.push(Step::Index(self.next));
        self.next += 1;
        let result = v.serialize(&mut *self.walker);
        self.walker.path.pop();
        result
    }
}

macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for Seq<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
                self.element(v)
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        })*
    };
}

seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Walker {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Never> {
        let text = key.serialize(KeyText).unwrap_or_default();
        let mut found = Vec::new();
        self.path.push(Step::Key(text));
        if let Some(Step::Key(text)) = self.path.last() {
            check(&self.path, "name", text, false, &mut found);
        }
        self.key_found = !found.is_empty();
        self.out.append(&mut found);
        if let Some(Step::Key(text)) = self.path.pop() {
            self.key = Some(text);
        }
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        self.path
            .push(Step::Key(self.key.take().unwrap_or_default()));
        // A key and a text value share a pointer: the key's finding is the one reported.
        let key_found = std::mem::take(&mut self.key_found);
        let before = self.out.len();
        let result = v.serialize(&mut **self);
        if key_found {
            let at = pointer(&self.path);
            let value_findings = self.out.split_off(before);
            self.out
                .extend(value_findings.into_iter().filter(|d| d.path != at));
        }
        self.path.pop();
        result
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

macro_rules! struct_like {
    ($($trait:ident),*) => {
        $(impl ser::$trait for &mut Walker {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, name: &'static str, v: &T) -> Result<(), Never> {
                self.path.push(Step::Field(name));
                let result = v.serialize(&mut **self);
                self.path.pop();
                result
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        })*
    };
}

struct_like!(SerializeStruct, SerializeStructVariant);

/// Adds the text problem of `text` at `path`, if any; whether there was one.
fn check(
    path: &[Step],
    what: &str,
    text: &str,
    free_text: bool,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let max = if free_text {
        MAX_DESCRIPTION_CHARS
    } else {
        MAX_TEXT_CHARS
    };
    let found = if let Some((position, c)) = first_forbidden(text, free_text) {
        Some(
            Diagnostic::error(
                pointer(path),
                format!(
                    "the {what} has {} at character {position}: {}",
                    describe(c),
                    if free_text {
                        "descriptions may hold newlines and tabs, but no other control, invisible or direction-changing character"
                    } else {
                        "control, invisible and direction-changing characters are not allowed here"
                    }
                ),
            )
            .with_hint("delete it and type the text again: such characters make text look like something else than it is"),
        )
    } else if text.len() > max {
        // Bytes first: a text of at most `max` bytes has at most `max` characters.
        let n = text.chars().count();
        (n > max).then(|| {
            Diagnostic::error(
                pointer(path),
                format!("the {what} is {n} characters long; at most {max} are supported here"),
            )
        })
    } else {
        None
    };
    let any = found.is_some();
    out.extend(found);
    any
}

/// The first character of `text` that is not allowed, with its 1-based position in
/// characters: control characters (in free text, all but newline and tab), format characters
/// (zero-width, bidirectional embeddings, overrides and isolates, byte-order marks), line and
/// paragraph separators, and the other characters Unicode says are drawn as nothing.
pub fn first_forbidden(text: &str, free_text: bool) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|&(_, c)| forbidden(c) && !(free_text && (c == '\n' || c == '\t')))
        .map(|(i, c)| (i + 1, c))
}

/// Whether `c` is a control (Cc), format (Cf), line or paragraph separator (Zl, Zp), or
/// default-ignorable character.
pub fn forbidden(c: char) -> bool {
    let u = u32::from(c);
    c.is_control()
        || matches!(
            u,
            0x00AD
                | 0x034F
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

/// `U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and, for the characters text is usually
/// spoofed with, the Unicode name (else what kind of character it is).
pub fn describe(c: char) -> String {
    let u = u32::from(c);
    let name = match u {
        0x00 => "NULL",
        0x07 => "BELL",
        0x08 => "BACKSPACE",
        0x09 => "CHARACTER TABULATION",
        0x0A => "LINE FEED",
        0x0B => "LINE TABULATION",
        0x0C => "FORM FEED",
        0x0D => "CARRIAGE RETURN",
        0x1B => "ESCAPE",
        0x7F => "DELETE",
        0x85 => "NEXT LINE",
        0xAD => "SOFT HYPHEN",
        0x034F => "COMBINING GRAPHEME JOINER",
        0x061C => "ARABIC LETTER MARK",
        0x180E => "MONGOLIAN VOWEL SEPARATOR",
        0x200B => "ZERO WIDTH SPACE",
        0x200C => "ZERO WIDTH NON-JOINER",
        0x200D => "ZERO WIDTH JOINER",
        0x200E => "LEFT-TO-RIGHT MARK",
        0x200F => "RIGHT-TO-LEFT MARK",
        0x2028 => "LINE SEPARATOR",
        0x2029 => "PARAGRAPH SEPARATOR",
        0x202A => "LEFT-TO-RIGHT EMBEDDING",
        0x202B => "RIGHT-TO-LEFT EMBEDDING",
        0x202C => "POP DIRECTIONAL FORMATTING",
        0x202D => "LEFT-TO-RIGHT OVERRIDE",
        0x202E => "RIGHT-TO-LEFT OVERRIDE",
        0x2060 => "WORD JOINER",
        0x2061 => "FUNCTION APPLICATION",
        0x2062 => "INVISIBLE TIMES",
        0x2063 => "INVISIBLE SEPARATOR",
        0x2064 => "INVISIBLE PLUS",
        0x2066 => "LEFT-TO-RIGHT ISOLATE",
        0x2067 => "RIGHT-TO-LEFT ISOLATE",
        0x2068 => "FIRST STRONG ISOLATE",
        0x2069 => "POP DIRECTIONAL ISOLATE",
        0x3164 => "HANGUL FILLER",
        0xFE00..=0xFE0F => "VARIATION SELECTOR",
        0xFEFF => "ZERO WIDTH NO-BREAK SPACE",
        0xE0000..=0xE0FFF => "TAG CHARACTER",
        _ if c.is_control() => "a control character",
        _ => "an invisible format character",
    };
    format!("U+{u:04X} {name}")
}

/// `value` as shown in a message: escaped, and cut after 80 characters.
pub fn shown(value: &str) -> String {
    let mut s: String = value
        .chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if value.chars().nth(80).is_some() {
        s.push('…');
    }
    s
}

/// Most characters of a value a diagnostic quotes; [`clip_quotes`] cuts longer ones.
pub const MAX_QUOTED_CHARS: usize = 80;

/// `message` with every quoted part (between double quotes) longer than
/// [`MAX_QUOTED_CHARS`] cut there and ended with `…`: a rule may quote the value it refuses,
/// and a value may be a megabyte long.
pub fn clip_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut inside = 0usize;
    let mut in_quote = false;
    let mut escaped = false;
    for c in message.chars() {
        if in_quote && !escaped && c == '"' {
            in_quote = false;
            if inside > MAX_QUOTED_CHARS {
                out.push('…');
            }
            out.push(c);
            continue;
        }
        if !in_quote && c == '"' {
            in_quote = true;
            inside = 0;
            out.push(c);
            continue;
        }
        if in_quote {
            escaped = !escaped && c == '\\';
            inside += 1;
            if inside > MAX_QUOTED_CHARS {
                continue;
            }
        }
        out.push(c);
    }
    if in_quote && inside > MAX_QUOTED_CHARS {
        out.push('…');
    }
    out
}

/// Whether `text` is an AWS region code in shape (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`).
fn region_shape(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 12 && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| (1..=2).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()))
}

fn lower_hex(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// An ACM certificate ARN: `arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid>`.
///
/// # Errors
/// What does not fit, in a few words.
pub fn certificate_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return Err("an ARN has six parts separated by colons".into());
    };
    if prefix != "arn" {
        return Err("an ARN starts with arn:".into());
    }
    if !PARTITIONS.contains(&partition) {
        return Err(format!(
            "\"{}\" is not an AWS partition ({})",
            shown(partition),
            PARTITIONS.join(", ")
        ));
    }
    if service != "acm" {
        return Err("it is not an ACM (acm) ARN".into());
    }
    if !region_shape(region) {
        return Err(format!("\"{}\" is not a region code", shown(region)));
    }
    if !(account.len() == 12 && account.chars().all(|c| c.is_ascii_digit())) {
        return Err("the account is 12 digits".into());
    }
    let id = resource
        .strip_prefix("certificate/")
        .ok_or("the resource is certificate/<id>")?;
    let groups: Vec<&str> = id.split('-').collect();
    let uuid =
        groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| lower_hex(g));
    if !uuid {
        return Err("the certificate id is a lowercase UUID (8-4-4-4-12 hex digits)".into());
    }
    Ok(())
}

/// An EC2 id: `prefix` then 8 or 17 lowercase hex digits.
fn ec2_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .is_some_and(|hex| matches!(hex.len(), 8 | 17) && lower_hex(hex))
}

/// A VPC id: `vpc-` and 8 or 17 lowercase hex digits.
pub fn vpc_id(id: &str) -> bool {
    ec2_id(id, "vpc-")
}

/// A subnet id: `subnet-` and 8 or 17 lowercase hex digits.
pub fn subnet_id(id: &str) -> bool {
    ec2_id(id, "subnet-")
}

/// A Route 53 hosted zone id: `Z` and up to 31 more uppercase letters and digits.
pub fn hosted_zone_id(id: &str) -> bool {
    (2..=32).contains(&id.len())
        && id.starts_with('Z')
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A target group health check path: starts with `/`, at most 1,024 characters of a URL path
/// (and query): letters, digits, `- . _ ~ ! $ & ' ( ) * + , ; = : @ / ?` and `%` with two hex
/// digits.
///
/// # Errors
/// What does not fit, in a few words.
pub fn health_check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err("it must start with /".into());
    }
    let n = path.chars().count();
    if n > MAX_HEALTH_CHECK_PATH {
        return Err(format!(
            "it is {n} characters long; target groups take at most {MAX_HEALTH_CHECK_PATH}"
        ));
    }
    let bytes = path.as_bytes();
    for (i, c) in path.char_indices() {
        let ok = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c);
        let escape = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if !(ok || escape) {
            return Err(format!(
                "{:?} at character {} is not a URL path character (write it percent-encoded, e.g. %20 for a space)",
                c,
                path[..i].chars().count() + 1
            ));
        }
    }
    Ok(())
}

/// A container image reference as Docker and Amazon ECS read it:
/// `[registry[:port]/]repository[/…][:tag][@sha256:<64 hex digits>]`, at most 255 characters
/// before the digest, lowercase repository path components, a tag of at most 128 characters.
///
/// # Errors
/// What does not fit, in a few words.
pub fn image(image: &str) -> Result<(), String> {
    let (name_tag, digest) = match image.split_once('@') {
        Some((a, d)) => (a, Some(d)),
        None => (image, None),
    };
    let n = name_tag.chars().count();
    if n > MAX_IMAGE_CHARS {
        return Err(format!(
            "it is {n} characters long before any digest; Amazon ECS takes at most {MAX_IMAGE_CHARS}"
        ));
    }
    if let Some(d) = digest {
        let ok = d
            .strip_prefix("sha256:")
            .is_some_and(|hex| hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()));
        if !ok {
            return Err("the digest after @ is sha256: and 64 hex digits".into());
        }
    }
    let (name, tag) = match name_tag.rfind(':') {
        Some(i) if !name_tag[i..].contains('/') => (&name_tag[..i], Some(&name_tag[i + 1..])),
        _ => (name_tag, None),
    };
    if let Some(tag) = tag {
        let ok = (1..=128).contains(&tag.len())
            && tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return Err(
                "the tag after : is 1 to 128 letters, digits, _ . and -, not starting with . or -"
                    .into(),
            );
        }
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    if parts.len() > 1 {
        let first = parts[0];
        if first.contains(['.', ':']) || first == "localhost" || first.contains(char::is_uppercase)
        {
            registry(first)?;
            parts.remove(0);
        }
    }
    if parts.iter().any(|p| !path_component(p)) {
        return Err("the repository path is lowercase letters and digits, separated by / and single . _ __ or dashes".into());
    }
    Ok(())
}

/// `host[:port]`: DNS labels of letters, digits and inner dashes, and a port number.
fn registry(text: &str) -> Result<(), String> {
    let (host, port) = match text.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (text, None),
    };
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.len() > 253 || !host.split('.').all(label) {
        return Err(format!("\"{}\" is not a registry host name", shown(host)));
    }
    if let Some(p) = port {
        if !(1..=5).contains(&p.len())
            || !p.chars().all(|c| c.is_ascii_digit())
            || p.parse::<u32>().map_or(true, |n| n == 0 || n > 65535)
        {
            return Err(format!("\"{}\" is not a registry port", shown(p)));
        }
    }
    Ok(())
}

/// One repository path component: lowercase letters and digits, separated by `.`, `_`, `__`
/// or one or more `-`.
fn path_component(p: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !p.starts_with(alnum) || !p.ends_with(alnum) {
        return false;
    }
    let mut run = String::new();
    for c in p.chars() {
        if alnum(c) {
            let ok = run.is_empty()
                || run == "."
                || run == "_"
                || run == "__"
                || run.chars().all(|s| s == '-');
            if !ok {
                return false;
            }
            run.clear();
        } else if ".-_".contains(c) {
            run.push(c);
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images() {
        for ok in [
            "nginx",
            "nginx:1.27",
            "public.ecr.aws/nginx/nginx:1.27",
            "123456789012.dkr.ecr.eu-central-1.amazonaws.com/statements:2.4.1",
            "localhost:5000/a/b_c__d-e--f.g:Latest_1",
            "registry.acme.example/orders-worker:3",
            "ghcr.io/o/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "r/x:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(image(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "Nginx",
            "nginx:",
            "nginx:.x",
            "a//b",
            "a/b/",
            "a..b",
            "a._b",
            "-a",
            "a@sha256:12",
            "a@md5:0123456789abcdef0123456789abcdef",
            "exa mple/x",
            "registry:99999/x",
            "reg_istry.io/x",
            "\u{202e}nginx",
            "ngin\u{200b}x",
            &"a".repeat(256),
            &format!("a:{}", "t".repeat(129)),
        ] {
            assert!(image(bad).is_err(), "{bad:?}");
        }
        assert_eq!(image(&"a".repeat(255)), Ok(()));
    }

    #[test]
    fn ids_arns_and_paths() {
        assert!(vpc_id("vpc-0123abcd") && vpc_id("vpc-0a1b2c3d4e5f60718"));
        for bad in [
            "vpc-0123abc",
            "vpc-0123ABCD",
            "vpc-0123abcg",
            "vpc-0a1b2c3d4e5f607",
            "subnet-0123abcd",
            "vpc-0123abcd\n",
        ] {
            assert!(!vpc_id(bad), "{bad:?}");
        }
        assert!(subnet_id("subnet-0123456789abcdef0") && !subnet_id("subnet-x"));
        assert!(
            hosted_zone_id("Z0123456789ABCDEFGHIJ")
                && !hosted_zone_id("z-1")
                && !hosted_zone_id("A123")
        );
        let uuid = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
        for ok in [
            format!("arn:aws:acm:us-east-1:123456789012:certificate/{uuid}"),
            format!("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/{uuid}"),
            format!("arn:aws-cn:acm:cn-north-1:123456789012:certificate/{uuid}"),
            format!("arn:aws-eusc:acm:eusc-de-east-1:123456789012:certificate/{uuid}"),
        ] {
            assert_eq!(certificate_arn(&ok), Ok(()), "{ok}");
        }
        for bad in [
            "arn:aws:acm:us-east-1:1:certificate/x".to_string(),
            format!("arn:aws:acm:us-east-1:12345678901:certificate/{uuid}"),
            format!("arn:evil:acm:us-east-1:123456789012:certificate/{uuid}"),
            format!("arn:aws:iam:us-east-1:123456789012:certificate/{uuid}"),
            format!("arn:aws:acm:US-EAST-1:123456789012:certificate/{uuid}"),
            format!("arn:aws:acm:us-east-1:123456789012:certificate/{uuid}\u{202e}"),
            format!(
                "arn:aws:acm:us-east-1:123456789012:certificate/{}",
                uuid.to_uppercase()
            ),
            format!("arn:aws:acm:us-east-1:123456789012:cert/{uuid}"),
        ] {
            assert!(certificate_arn(&bad).is_err(), "{bad:?}");
        }
        for ok in [
            "/",
            "/health",
            "/api/v1/status?full=1&x=%20",
            "/~user/a.b_c-d",
        ] {
            assert_eq!(health_check_path(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "health", "/a b", "/a\u{7}", "/%zz", "/%2", "/\"x", "/${x}", "/é",
        ] {
            assert!(health_check_path(bad).is_err(), "{bad:?}");
        }
        assert!(health_check_path(&format!("/{}", "a".repeat(1023))).is_ok());
        assert!(health_check_path(&format!("/{}", "a".repeat(1024))).is_err());
    }

    #[test]
    fn long_quotes_are_clipped() {
        let long = "a".repeat(200);
        let clipped = clip_quotes(&format!("the name \"{long}\" is bad; \"short\" is fine"));
        assert_eq!(
            clipped,
            format!(
                "the name \"{}…\" is bad; \"short\" is fine",
                "a".repeat(MAX_QUOTED_CHARS)
            )
        );
        assert_eq!(clip_quotes("no quotes"), "no quotes");
        assert_eq!(clip_quotes("\"esc\\\"aped\" x"), "\"esc\\\"aped\" x");
        assert!(clip_quotes(&format!("open \"{long}")).ends_with('…'));
    }

    #[test]
    fn invisible_characters_are_named_with_their_position() {
        assert_eq!(first_forbidden("ab\u{202e}c", false), Some((3, '\u{202e}')));
        assert_eq!(describe('\u{202e}'), "U+202E RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(describe('\u{200b}'), "U+200B ZERO WIDTH SPACE");
        assert_eq!(first_forbidden("a\nb\tc", true), None);
        assert_eq!(first_forbidden("a\nb", false), Some((2, '\n')));
        assert_eq!(first_forbidden("a\rb", true), Some((2, '\r')));
        for c in [
            '\u{200b}',
            '\u{200d}',
            '\u{2066}',
            '\u{2069}',
            '\u{feff}',
            '\u{1b}',
            '\u{85}',
            '\u{e0041}',
            '\u{2028}',
        ] {
            assert!(forbidden(c), "{c:?}");
        }
        for c in ['a', 'é', '🦀', ' ', '中', 'ß'] {
            assert!(!forbidden(c), "{c:?}");
        }
    }
}
