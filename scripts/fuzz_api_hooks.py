"""schemathesis hooks for scripts/fuzz-api (loaded through SCHEMATHESIS_HOOKS).

The OpenAPI document gives every value's shape (patterns, lengths, enums, the rules between
fields); these generators add what JSON Schema cannot say, so that the values schemathesis
treats as valid are the ones the server takes:

- `personal-identity-number`, `organisation-number`, `party-number`: numbers with a real date
  and a correct Luhn check digit (the pattern only gives the digits and separators); sometimes
  the demo persons and organisations, so that requests also reach existing data;
- `pdf-jpeg-png-base64` and `application/octet-stream` bodies: a small PDF, JPEG or PNG (the
  server judges the type by the content);
- `contact-email`: an address within the limits the pattern cannot state;
- `date`: a date from tomorrow to 300 days ahead (Swedish calendar): grants end at most 366
  days ahead, and due dates are today or later;
- a representation's `valid_until` is not before its `valid_from`;
- an e-service's `id` in a path (any text by the schema): one that is not even the shape of a
  service id becomes one of the demo services, so that requests also reach published ones
  (ids of the right shape stay as they are and mostly name no service).

The coverage phase builds its values from the patterns alone (e.g. `000000000000` for a
personal identity number), so the same rules are also applied to the generated requests: a
number, date or document that has the right shape but could not be valid is replaced by one
that is. Values of the wrong shape (the negative cases) are left as they are. Nothing here
filters or changes checks or failures: only how valid data is generated.
"""

import base64
import binascii
import datetime
import hashlib
import re

from hypothesis import strategies as st

import schemathesis

DEMO_PERSONS = ["198112189876", "197010632391", "191212121212"]
DEMO_ORGANISATIONS = ["5591234561", "9697890128"]
DEMO_SERVICES = ["flyttanmalan", "bestall-personbevis", "andra-f-skatt-moms"]
SERVICE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]{2,59}$")


def luhn_check_digit(digits):
    total = 0
    for i, d in enumerate(digits):
        v = d * 2 if i % 2 == 0 else d
        total += v - 9 if v > 9 else v
    return (10 - total % 10) % 10


@st.composite
def personal_identity_numbers(draw):
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 12, 31)))
    serial = draw(st.integers(0, 999))
    coordination = draw(st.booleans())
    day = born.day + (60 if coordination else 0)
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial:03d}"
    check = luhn_check_digit([int(c) for c in nine])
    return f"{born.year // 100:02d}{nine}{check}"


@st.composite
def organisation_numbers(draw):
    first = draw(st.integers(0, 99))
    third = draw(st.integers(2, 9))
    rest = draw(st.integers(0, 999999))
    nine = f"{first:02d}{third}{rest:06d}"
    return nine + str(luhn_check_digit([int(c) for c in nine]))


persons = st.one_of(st.sampled_from(DEMO_PERSONS), personal_identity_numbers())
organisations = st.one_of(st.sampled_from(DEMO_ORGANISATIONS), organisation_numbers())

schemathesis.openapi.format("personal-identity-number", persons)
schemathesis.openapi.format("organisation-number", organisations)
schemathesis.openapi.format("party-number", st.one_of(persons, organisations))

# The smallest files each accepted type is recognised by.
DOCUMENTS = [
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b"JFIF\x00" + bytes([0xFF, 0xD9]),
    bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00\x00\x00\x00IEND\xaeB`\x82",
]
documents = st.sampled_from(DOCUMENTS)
schemathesis.openapi.format(
    "pdf-jpeg-png-base64", documents.map(lambda d: base64.b64encode(d).decode("ascii"))
)
schemathesis.openapi.media_type("application/octet-stream", documents)

# E-mail addresses: the pattern does not limit the part before the `@` to 64 characters.
atoms = st.from_regex(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}", fullmatch=True)
labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
schemathesis.openapi.format(
    "contact-email",
    st.one_of(
        st.just(""),
        st.builds(
            lambda local, domain, tld: f"{'.'.join(local)}@{'.'.join(domain)}.{tld}",
            st.lists(atoms, min_size=1, max_size=3),
            st.lists(labels, min_size=1, max_size=3),
            st.sampled_from(["se", "com", "org", "xn--p1ai"]),
        ),
    ),
)

_today = datetime.date.today()
schemathesis.openapi.format(
    "date",
    st.dates(_today + datetime.timedelta(days=1), _today + datetime.timedelta(days=300)).map(
        lambda d: d.isoformat()
    ),
)


# --- Repairs of values that have the right shape -------------------------------------------

PIN_PATTERN = re.compile(r"^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$")
ORG_PATTERN = re.compile(r"^(16)?[0-9]{2}[2-9][0-9]{3}-?[0-9]{4}$")
BASE64_PATTERN = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _pick(choices, text):
    """A valid value chosen by the text, so that the same case always gets the same one."""
    return choices[hashlib.sha256(text.encode()).digest()[0] % len(choices)]


def is_valid_pin(text):
    digits = text.replace("-", "").replace("+", "")
    if len(digits) == 12:
        year, ten = int(digits[:4]), digits[2:]
    else:
        ten = digits
        yy, today = int(digits[:2]), datetime.date.today()
        century = today.year - today.year % 100
        year = century + yy if century + yy <= today.year else century - 100 + yy
        if "+" in text:
            year -= 100
    month, day = int(ten[2:4]), int(ten[4:6])
    if day > 60:
        day -= 60
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    nine = [int(c) for c in ten[:9]]
    return born <= datetime.date.today() and luhn_check_digit(nine) == int(ten[9])


def is_valid_org(text):
    ten = text.replace("-", "")[-10:]
    return luhn_check_digit([int(c) for c in ten[:9]]) == int(ten[9])


def is_document(text):
    try:
        content = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return content.startswith((b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))


def repair_value(name, value):
    if not isinstance(value, str):
        return value
    pin_shape = PIN_PATTERN.match(value) is not None
    org_shape = ORG_PATTERN.match(value) is not None
    if name in ("personal_number", "representative") and pin_shape and not is_valid_pin(value):
        return _pick(DEMO_PERSONS, value)
    if name == "organisation_number" and org_shape and not is_valid_org(value):
        return _pick(DEMO_ORGANISATIONS, value)
    if name == "represented" and (pin_shape or org_shape):
        valid = (pin_shape and is_valid_pin(value)) or (org_shape and is_valid_org(value))
        if not valid:
            return _pick(DEMO_ORGANISATIONS if org_shape else DEMO_PERSONS, value)
    if name == "content_base64" and BASE64_PATTERN.match(value) and not is_document(value):
        return base64.b64encode(_pick(DOCUMENTS, value)).decode("ascii")
    if name in ("valid_from", "valid_until", "due_date") and DATE_PATTERN.match(value):
        try:
            date = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        first, last = _today + datetime.timedelta(days=1), _today + datetime.timedelta(days=300)
        if not first <= date <= last:
            return (first + datetime.timedelta(days=date.toordinal() % 300)).isoformat()
    return value


def repair(value, name=None):
    if isinstance(value, dict):
        out = {k: repair(v, k) for k, v in value.items()}
        # A representation's end is not before its start.
        start, end = out.get("valid_from"), out.get("valid_until")
        if isinstance(start, str) and isinstance(end, str) and _is_date(start) and _is_date(end):
            out["valid_from"], out["valid_until"] = sorted([start, end])
        return out
    if isinstance(value, list):
        return [repair(v, name) for v in value]
    return repair_value(name, value)


def _is_date(text):
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return DATE_PATTERN.match(text) is not None


@schemathesis.hook
def map_body(context, body):
    return repair(body)


@schemathesis.hook
def map_query(context, query):
    return repair(query)


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    out = repair(path_parameters)
    if not isinstance(out, dict):
        return out
    service = out.get("id")
    if isinstance(service, str) and not SERVICE_ID_PATTERN.match(service):
        out["id"] = _pick(DEMO_SERVICES, service)
    return out
