//! Reading a JSON request body the way the OpenAPI document (JSON Schema) describes it.
//!
//! serde's derived `Deserialize` and JSON Schema disagree in two places, and the document is
//! the contract:
//! - JSON Schema's `integer` is any number without a fractional part, so `3.0` is an integer;
//!   serde refuses it for an `i64`. Whole numbers written as floats are read as integers here.
//! - A derived struct also accepts a JSON array of its fields in order (`[null, null]` for a
//!   struct of two options); the document says `type: object`. Structs are read from objects
//!   only here, at every depth.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Unexpected, Visitor};
use serde_json::{Number, Value};

/// `T` from a parsed JSON body, with JSON Schema's reading of integers and objects.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    let value = whole_numbers_as_integers(value);
    T::deserialize(Strict(&value))
}

/// Floats without a fractional part that fit an `i64` or `u64` become integers.
fn whole_numbers_as_integers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // 2^63 and 2^64 are exact in f64; a whole f below them converts exactly. -2^63
            // itself is left a float: as an integer literal it would have parsed as an i64,
            // so as a float it is a number below i64::MIN rounded up to it.
            const TWO_63: f64 = 9_223_372_036_854_775_808.0;
            let integer = if f.fract() != 0.0 {
                None
            } else if f > -TWO_63 && f < TWO_63 {
                Some(Number::from(f as i64))
            } else if (0.0..2.0 * TWO_63).contains(&f) {
                Some(Number::from(f as u64))
            } else {
                None
            };
            Value::Number(integer.unwrap_or(n))
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(whole_numbers_as_integers).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers_as_integers(v)))
                .collect(),
        ),
        other => other,
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (None, Some(i), _) => Unexpected::Signed(i),
            (None, None, f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// A deserializer over a JSON value that gives structs objects only, and hands itself down to
/// the fields and elements.
struct Strict<'de>(&'de Value);

impl<'de> Strict<'de> {
    fn visit_array<V: Visitor<'de>>(
        items: &'de [Value],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        let mut seq = Elements(items.iter());
        let value = visitor.visit_seq(&mut seq)?;
        match seq.0.len() {
            0 => Ok(value),
            left => Err(de::Error::invalid_length(
                items.len(),
                &format!("{} elements", items.len() - left).as_str(),
            )),
        }
    }

    fn visit_object<V: Visitor<'de>>(
        map: &'de serde_json::Map<String, Value>,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        visitor.visit_map(Entries {
            iter: map.iter(),
            value: None,
        })
    }
}

impl<'de> de::Deserializer<'de> for Strict<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => Self::visit_array(items, visitor),
            Value::Object(map) => Self::visit_object(map, visitor),
            scalar => de::Deserializer::deserialize_any(scalar, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Object(map) => Self::visit_object(map, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        de::Deserializer::deserialize_enum(self.0, name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct Elements<'de>(std::slice::Iter<'de, Value>);

impl<'de> de::SeqAccess<'de> for Elements<'de> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Strict(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de> {
    iter: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(de::Error::custom("a map value was read before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        a: Option<i64>,
        b: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        ids: Vec<i64>,
        inner: Option<Inner>,
        #[serde(default)]
        count: u32,
    }

    #[test]
    fn whole_floats_are_integers() {
        let o: Outer = from_value(json!({"ids": [1.0, -2.0, 3], "count": 4.0})).unwrap();
        assert_eq!(o.ids, [1, -2, 3]);
        assert_eq!(o.count, 4);
        assert!(from_value::<Outer>(json!({"ids": [1.5]})).is_err());
        assert!(from_value::<Outer>(json!({"ids": [1e300]})).is_err());
        assert!(from_value::<Outer>(json!({"ids": [], "count": -1.0})).is_err());
        // Below i64::MIN: parsed as a float that rounds to -2^63, and refused.
        let below: Value = serde_json::from_str(r#"{"ids": [-9223372036854775809]}"#).unwrap();
        assert!(from_value::<Outer>(below).is_err());
        let min: Value = serde_json::from_str(r#"{"ids": [-9223372036854775808]}"#).unwrap();
        assert_eq!(from_value::<Outer>(min).unwrap().ids, [i64::MIN]);
    }

    #[test]
    fn structs_come_from_objects_only() {
        let o: Outer = from_value(json!({"ids": [], "inner": {"a": 1, "b": "x"}})).unwrap();
        assert_eq!(
            o.inner,
            Some(Inner {
                a: Some(1),
                b: Some("x".into())
            })
        );
        assert!(from_value::<Inner>(json!([null, null])).is_err());
        assert!(from_value::<Outer>(json!({"ids": [], "inner": [1, "x"]})).is_err());
        assert!(from_value::<Outer>(json!([[], null, 0])).is_err());
        // Unknown fields are ignored, as the document allows them.
        let i: Inner = from_value(json!({"a": null, "zzz": [1, {"q": 2}]})).unwrap();
        assert_eq!(i, Inner { a: None, b: None });
    }
}
