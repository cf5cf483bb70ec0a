"""The front matter of a draft, described once, as data (pure).

Each record (the draft, a consultation window, the response...) is a `Record` of
`Field`s: key, kind of value, whether it is required, its limits, and the words an
editor reads about it. Everything else follows from this description:

- reader.py reads and checks a draft's front matter by walking it (allowed keys,
  required fields, line numbers, every problem at once);
- `template()` writes the commented front matter of `policy-drafts new`;
- `json_schema()` writes the JSON Schema editors' tools use to check and complete the
  front matter as it is typed (with the site's own agencies, fields and document types);
- the README's example and the open-data schema are tested against it.

Cross-field rules (a window closes after it opens ...) are small named functions in
rules.py; the Markdown body's sections are checked there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from ..model.criteria import CRITERIA, Criteria
from ..model.records import SUBJECT_INFO, Adoption, Contact, Event, Link, Response, Round, Subject, Withdrawal

TITLE_MAX = 250
SUMMARY_MAX = 600

# The languages of `summaries:` (BCP 47 codes, ISO 639) and their names in Vietnamese, the
# label a reader sees above each summary. Vietnam's minority languages have their own
# ISO 639-3 codes: Tày is tyz ('tay' is Atayal, of Taiwan), the Thái of Vietnam are blt
# (Thái Đen) and twh (Thái Trắng) ('th' is the language of Thailand).
LANGUAGES = {
    "hmn": "tiếng Hmông (Mông)",
    "km": "tiếng Khmer",
    "tyz": "tiếng Tày",
    "nut": "tiếng Nùng",
    "blt": "tiếng Thái (Thái Đen)",
    "twh": "tiếng Thái (Thái Trắng)",
    "mtq": "tiếng Mường",
    "ium": "tiếng Dao (Iu Miền)",
    "jra": "tiếng Gia Rai",
    "rad": "tiếng Ê Đê",
    "bdq": "tiếng Ba Na",
    "cjm": "tiếng Chăm",
    "en": "tiếng Anh",
    "zh": "tiếng Trung",
}
MISTAKEN_LANGUAGES = {
    "tay": "tiếng Tày có mã tyz ('tay' là tiếng Atayal ở Đài Loan)",
    "th": "tiếng Thái ở Việt Nam có mã blt (Thái Đen) hoặc twh (Thái Trắng); 'th' là tiếng Thái Lan",
    "vi": "tóm tắt tiếng Việt ghi ở trường summary",
    "hmong": "tiếng Hmông có mã hmn",
    "khmer": "tiếng Khmer có mã km",
}


class ValueKind(Enum):
    TEXT = "text"
    MOMENT = "moment"  # a date, or a date and time (local time without an offset)
    BOOL = "bool"
    COUNT = "count"  # a whole number >= 0
    EMAIL = "email"
    URL = "url"  # https: (or mailto: where `mailto`), judged as a browser parses it
    FILE = "file"  # a file of the draft folder
    FILE_OR_URL = "file-or-url"  # one value: a file of the draft folder, or an https: URL
    KEY = "key"  # one key of a site registry
    KEYS = "keys"  # one or more keys of a site registry
    CHOICE = "choice"  # one value of an Enum
    PHONE = "phone"  # text that YAML must not read as a number
    TEXTS = "texts"  # a map of language codes (LANGUAGES) to plain text
    GROUP = "group"  # a Record
    LIST = "list"  # a list of Records


@dataclass(frozen=True)
class Field:
    key: str
    kind: ValueKind
    doc: str  # what it is, for editors (template comments, JSON Schema descriptions)
    fix: str = ""  # what to write when it is missing or wrong
    required: bool = False
    max_len: int = 2000
    end_of_day: bool = False  # MOMENT: a date-only value means the end of that day
    registry: str = ""  # KEY, KEYS: document_types | agencies | fields
    choices: type[Enum] | None = None  # CHOICE
    form_host: bool = False  # URL: the host must be one of comment_form_hosts
    mailto: bool = False  # URL: a mailto: address is accepted too
    record: Record | None = None  # GROUP, LIST
    example: str = ""  # YAML value shown in the template
    in_template: bool = True  # written (uncommented) in the template of `policy-drafts new`
    accept: tuple[str, ...] = ()  # FILE: the file name must end with one of these
    private: bool = False  # FILE: read by the build, never published

    @property
    def sub(self) -> Record:
        """The record of a GROUP or LIST field."""
        assert self.record is not None, self.key
        return self.record


@dataclass(frozen=True)
class Record:
    name: str  # as in messages: "consultation"
    noun: str  # Vietnamese, for messages: "đợt lấy ý kiến"
    fields: tuple[Field, ...]
    build: Callable[[dict[str, Any], int], Any]  # (values, index in its list) -> record, or None if incomplete
    one_of: tuple[str, ...] = ()  # exactly one of these keys must be given

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


DATE_FIX = "viết ngày dạng 2025-05-31, hoặc ngày giờ dạng 2025-05-31T08:00:00+07:00"


def _needs(values: dict, *keys: str) -> bool:
    return all(values.get(k) not in (None, "") for k in keys)


def _given(values: dict[str, Any]) -> dict[str, Any]:
    """The values read, by key, for a record's constructor: an absent one (None) takes the
    record class's default. Every key of a record is a field of its class, and every field
    of the class a key or named as not from the front matter (test_pure_core.py checks both)."""
    return {key: value for key, value in values.items() if value is not None}


CRITERIA_RECORD = Record(
    "criteria",
    "tiêu chí",
    tuple(
        Field(
            c.key,
            ValueKind.BOOL,
            f"({c.letter}) {c.text}",
            "viết true (đáp ứng) hoặc false (không đáp ứng)",
            required=True,
            example="false",
        )
        for c in CRITERIA
    ),
    lambda v, i: Criteria(**v) if all(isinstance(v.get(c.key), bool) for c in CRITERIA) else None,
)

RESPONSE_TITLE = "Báo cáo tiếp thu, giải trình"
RESPONSE = Record(
    "response",
    "tiếp thu, giải trình",
    (
        Field(
            "published",
            ValueKind.MOMENT,
            "ngày công bố báo cáo tiếp thu, giải trình",
            DATE_FIX,
            required=True,
            example="2025-06-25",
        ),
        Field("received", ValueKind.COUNT, "số ý kiến góp ý nhận được", "viết một số, ví dụ 124", example="124"),
        Field("accepted", ValueKind.COUNT, "số ý kiến được tiếp thu", "viết một số, ví dụ 37", example="37"),
        Field(
            "document",
            ValueKind.FILE_OR_URL,
            "báo cáo tiếp thu, giải trình: tệp trong thư mục dự thảo hoặc địa chỉ https",
            "viết tên tệp trong thư mục dự thảo, hoặc địa chỉ https://",
            example="bao-cao-tiep-thu.pdf",
        ),
        Field(
            "summary",
            ValueKind.FILE,
            "tóm tắt trên trang: tệp Markdown trong thư mục dự thảo (các vấn đề chính và cách tiếp thu từng vấn đề)",
            "viết tên tệp .md trong thư mục dự thảo",
            example="tiep-thu-giai-trinh.md",
            accept=(".md",),
            private=True,
        ),
    ),
    lambda v, i: Response(**_given(v)) if _needs(v, "published") else None,
)

SUBJECT_CHOICES = " hoặc ".join(f"{subject.value} ({SUBJECT_INFO[subject].editor})" for subject in Subject)
ROUND = Record(
    "consultation",
    "đợt lấy ý kiến",
    (
        Field(
            "subject",
            ValueKind.CHOICE,
            SUBJECT_CHOICES,
            "viết " + SUBJECT_CHOICES,
            required=True,
            choices=Subject,
            example="draft",
        ),
        Field("opens", ValueKind.MOMENT, "ngày bắt đầu lấy ý kiến", DATE_FIX, required=True, example="2025-05-01"),
        Field(
            "closes",
            ValueKind.MOMENT,
            "hạn cuối góp ý, tính đến hết 23:59:59 ngày đó (giờ Việt Nam)",
            DATE_FIX,
            required=True,
            end_of_day=True,
            example="2025-05-31",
        ),
        Field(
            "extended_to",
            ValueKind.MOMENT,
            "gia hạn góp ý đến hết ngày này",
            DATE_FIX,
            end_of_day=True,
            example="2025-06-10",
        ),
        Field(
            "extended_at",
            ValueKind.MOMENT,
            "ngày công bố việc gia hạn (trước ngày này, việc gia hạn chưa được công bố)",
            DATE_FIX,
            example="2025-05-28",
        ),
        Field(
            "shortened_reason",
            ValueKind.TEXT,
            "bắt buộc nếu ngắn hơn thời hạn tối thiểu: căn cứ của thủ tục rút gọn",
            "viết căn cứ pháp lý của thủ tục rút gọn",
            max_len=1000,
            example='"Thủ tục rút gọn theo Điều ..."',
        ),
        Field(
            "form",
            ValueKind.URL,
            "biểu mẫu góp ý riêng của đợt này (mặc định: biểu mẫu chung của trang)",
            "viết địa chỉ https:// của biểu mẫu",
            form_host=True,
            example="https://forms.gle/...",
        ),
        Field(
            "email",
            ValueKind.EMAIL,
            "thư điện tử nhận góp ý",
            "viết địa chỉ dạng gopy@so.example.gov.vn",
            example="gopy@so.example.gov.vn",
        ),
        Field(
            "received",
            ValueKind.COUNT,
            "số ý kiến đã nhận đến nay, công bố trong khi đang lấy ý kiến",
            "viết một số, ví dụ 57",
            example="57",
        ),
        Field("received_at", ValueKind.MOMENT, "ngày đếm số ý kiến đã nhận", DATE_FIX, example="2025-05-20"),
        Field(
            "comments",
            ValueKind.FILE,
            "bảng ý kiến nhận được: tệp CSV trong thư mục dự thảo, không được công bố "
            "nguyên tệp; chỉ các dòng có Công bố: Có",
            "viết tên tệp .csv trong thư mục dự thảo",
            example="y-kien-dot-1.csv",
            accept=(".csv",),
            private=True,
        ),
        Field("response", ValueKind.GROUP, "tiếp thu, giải trình ý kiến của đợt này, khi đã công bố", record=RESPONSE),
        Field(
            "version",
            ValueKind.COUNT,
            "phiên bản dự thảo (versions/<n>.md) đưa ra lấy ý kiến trong đợt này; mặc định: phiên bản mới nhất "
            "ghi ngày không sau ngày bắt đầu đợt",
            "viết số của phiên bản, ví dụ 2 cho versions/2.md",
            example="2",
            in_template=False,
        ),
    ),
    lambda v, i: Round(index=i, **_given(v)) if _needs(v, "subject", "opens", "closes") else None,
)

ADOPTION = Record(
    "adoption",
    "ban hành",
    (
        Field("date", ValueKind.MOMENT, "ngày ban hành", DATE_FIX, required=True, example="2025-07-10"),
        Field(
            "number",
            ValueKind.TEXT,
            "số, ký hiệu văn bản",
            "viết số, ký hiệu, ví dụ 15/2025/NQ-HĐND",
            max_len=100,
            example="15/2025/NQ-HĐND",
        ),
        Field("url", ValueKind.URL, "toàn văn văn bản đã ban hành", "viết địa chỉ https://", example="https://..."),
    ),
    lambda v, i: Adoption(**_given(v)) if _needs(v, "date") else None,
)

WITHDRAWN = Record(
    "withdrawal",
    "dừng xây dựng",
    (
        Field("date", ValueKind.MOMENT, "ngày dừng xây dựng", DATE_FIX, required=True, example="2025-08-01"),
        Field(
            "reason",
            ValueKind.TEXT,
            "lý do dừng xây dựng",
            "viết lý do dừng xây dựng",
            required=True,
            max_len=1000,
            example='"..."',
        ),
    ),
    lambda v, i: Withdrawal(**_given(v)) if _needs(v, "date", "reason") else None,
)

DOCUMENT = Record(
    "document",
    "tài liệu",
    (
        Field(
            "title",
            ValueKind.TEXT,
            "tên tài liệu",
            "viết tên tài liệu, ví dụ Dự thảo Nghị quyết",
            required=True,
            max_len=TITLE_MAX,
            example="Dự thảo Nghị quyết",
        ),
        Field(
            "file",
            ValueKind.FILE,
            "tệp trong thư mục dự thảo",
            "viết tên tệp, ví dụ du-thao.pdf",
            example="du-thao.pdf",
        ),
        Field(
            "url",
            ValueKind.URL,
            "hoặc địa chỉ https:// của tài liệu",
            "viết địa chỉ https://",
            mailto=True,
            example="https://...",
        ),
    ),
    lambda v, i: Link(**_given(v)) if v.get("title") and (v.get("file") or v.get("url")) else None,
    one_of=("file", "url"),
)

EVENT = Record(
    "event",
    "sự kiện",
    (
        Field(
            "title",
            ValueKind.TEXT,
            "tên hội nghị, đối thoại",
            "viết tên sự kiện",
            required=True,
            max_len=TITLE_MAX,
            example="Hội nghị lấy ý kiến",
        ),
        Field("start", ValueKind.MOMENT, "thời điểm bắt đầu", DATE_FIX, required=True, example="2025-05-15T08:00"),
        Field("end", ValueKind.MOMENT, "thời điểm kết thúc", DATE_FIX, end_of_day=True, example="2025-05-15T11:00"),
        Field("location", ValueKind.TEXT, "địa điểm", "viết địa điểm", max_len=300, example="Hội trường Sở"),
        Field(
            "url",
            ValueKind.URL,
            "trang thông tin hoặc đăng ký tham dự",
            "viết địa chỉ https:// hoặc mailto:",
            mailto=True,
            example="https://...",
        ),
    ),
    lambda v, i: Event(index=i, **_given(v)) if _needs(v, "title", "start") else None,
)

CONTACT = Record(
    "contact",
    "liên hệ",
    (
        Field("name", ValueKind.TEXT, "đơn vị hoặc người liên hệ", "viết tên đơn vị", max_len=200, example="Phòng ..."),
        Field("email", ValueKind.EMAIL, "thư điện tử", "viết địa chỉ dạng ten@so.example.gov.vn", example="..."),
        Field(
            "phone",
            ValueKind.PHONE,
            "số điện thoại, trong dấu ngoặc kép",
            'viết trong ngoặc kép, ví dụ phone: "0276 3822 123"',
            max_len=50,
            example='"0200 3 812 356"',
        ),
    ),
    lambda v, i: Contact(**_given(v)) if any(v.get(k) for k in ("name", "email", "phone")) else None,
)

DRAFT = Record(
    "draft",
    "dự thảo",
    (
        Field(
            "title",
            ValueKind.TEXT,
            "tên dự thảo",
            'viết tên dự thảo, ví dụ "Nghị quyết quy định mức thu học phí"',
            required=True,
            max_len=TITLE_MAX,
            example='""',
        ),
        Field(
            "summary",
            ValueKind.TEXT,
            "một hoặc hai câu tóm tắt, văn bản thuần",
            "viết một hoặc hai câu tóm tắt",
            required=True,
            max_len=SUMMARY_MAX,
            example='""',
        ),
        Field(
            "summaries",
            ValueKind.TEXTS,
            "tóm tắt bằng tiếng dân tộc thiểu số (bản dịch do cơ quan cung cấp), mỗi dòng một mã ngôn ngữ"
            " và văn bản thuần như summary; mã: " + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items()),
            'viết mỗi ngôn ngữ trên một dòng thụt lề: hmn: "Tóm tắt bằng tiếng Hmông"',
            max_len=SUMMARY_MAX,
            example='{hmn: "", tyz: ""}',
            in_template=False,
        ),
        Field(
            "published",
            ValueKind.MOMENT,
            "ngày công bố trên trang (trước ngày này dự thảo không hiển thị)",
            DATE_FIX,
            required=True,
            example="{today}",
        ),
        Field("document_type", ValueKind.KEY, "loại văn bản", required=True, registry="document_types", example='""'),
        Field("agency", ValueKind.KEY, "cơ quan chủ trì soạn thảo", required=True, registry="agencies", example='""'),
        Field("fields", ValueKind.KEYS, "lĩnh vực, một hoặc nhiều", required=True, registry="fields", example="[]"),
        Field(
            "criteria",
            ValueKind.GROUP,
            "bốn tiêu chí của Quyết định 407/QĐ-TTg, true (đáp ứng) hoặc false",
            "viết bốn tiêu chí: " + ", ".join(f"{c.key}: true/false" for c in CRITERIA),
            required=True,
            record=CRITERIA_RECORD,
        ),
        Field(
            "state_secret",
            ValueKind.BOOL,
            "true: thuộc bí mật nhà nước, KHÔNG BAO GIỜ được công bố",
            "viết true hoặc false",
            example="false",
        ),
        Field(
            "publish_at",
            ValueKind.MOMENT,
            "thời điểm công bố chính xác (trước đó không công bố)",
            DATE_FIX,
            example="2025-04-28T08:00:00+07:00",
            in_template=False,
        ),
        Field("consultations", ValueKind.LIST, "các đợt lấy ý kiến, cũ trước mới sau", record=ROUND, example="[]"),
        Field(
            "response",
            ValueKind.GROUP,
            "tiếp thu, giải trình ý kiến góp ý, khi đã công bố",
            record=RESPONSE,
            in_template=False,
        ),
        Field("adoption", ValueKind.GROUP, "văn bản đã ban hành", record=ADOPTION, in_template=False),
        Field("withdrawn", ValueKind.GROUP, "dừng xây dựng dự thảo", record=WITHDRAWN, in_template=False),
        Field(
            "documents",
            ValueKind.LIST,
            "tài liệu: tệp trong thư mục dự thảo hoặc địa chỉ https",
            record=DOCUMENT,
            example="[]",
        ),
        Field("events", ValueKind.LIST, "hội nghị, đối thoại", record=EVENT, example="[]"),
        Field("contact", ValueKind.GROUP, "liên hệ về dự thảo", record=CONTACT, in_template=False),
    ),
    lambda v, i: v,  # the Draft itself is built by reader.py, with the body and the folder's files
)

VERSION = Record(
    "version",
    "phiên bản",
    (
        Field(
            "title",
            ValueKind.TEXT,
            "tên phiên bản, mặc định 'Dự thảo lần <n>'",
            "viết tên phiên bản",
            max_len=TITLE_MAX,
        ),
        Field("date", ValueKind.MOMENT, "ngày của phiên bản (trước ngày này phiên bản chưa được công bố)", DATE_FIX),
        Field("note", ValueKind.TEXT, "ghi chú về thay đổi", "viết ghi chú", max_len=1000),
    ),
    lambda v, i: v,
)

REGISTRY_NAMES = {"document_types": "loại văn bản", "agencies": "cơ quan", "fields": "lĩnh vực"}


def all_keys(record: Record = DRAFT, prefix: str = "") -> list[str]:
    """Every key the schema knows, dotted ('consultations[].closes'), for documentation and tests."""
    out = []
    for f in record.fields:
        name = prefix + f.key
        out.append(name)
        if f.record is not None:
            out += all_keys(f.record, name + ("[]." if f.kind is ValueKind.LIST else "."))
    return out


# -- the editor's template ----------------------------------------------------------------------------

COMMENT_COLUMN = 30


def _line(text: str, comment: str) -> str:
    return f"{text:<{COMMENT_COLUMN - 1}} # {comment}" if comment else text


def minimum_days_text(min_days: dict[str, int]) -> str:
    """'ít nhất 30 ngày (nghi-quyet-hdnd-tinh, quyet-dinh-ubnd-tinh), 60 ngày (nghi-dinh)'."""
    by_days: dict[int, list[str]] = {}
    for key, days in sorted(min_days.items()):
        by_days.setdefault(days, []).append(key)
    return "ít nhất " + ", ".join(f"{days} ngày ({', '.join(keys)})" for days, keys in sorted(by_days.items()))


def template(registries: dict[str, list[str]], min_days: dict[str, int], today: date) -> str:
    """The front matter of a new draft, every field explained (`policy-drafts new`)."""
    lines = []
    for f in DRAFT.fields:
        need = "bắt buộc" if f.required else "tùy chọn"
        doc = f.doc
        if f.registry:
            doc += ", một trong: " + ", ".join(registries.get(f.registry, []))
        value = f.example.replace("{today}", today.isoformat())
        if f.kind is ValueKind.GROUP and f.in_template:
            lines.append(_line(f"{f.key}:", f"{need}: {doc}"))
            lines += [_line(f"  {g.key}: {g.example}", g.doc) for g in f.sub.fields]
        elif f.kind is ValueKind.GROUP:
            lines.append(_line(f"# {f.key}:", f"{need}: {doc}"))
            lines += [_line(f"#   {g.key}: {g.example}", g.doc) for g in f.sub.fields]
        elif f.kind is ValueKind.LIST:
            lines.append(_line(f"{f.key}: {value}", f"{need}: {doc}; bỏ dấu [] và viết theo mẫu dưới đây"))
            for j, g in enumerate(f.sub.fields):
                lead = "#  - " if j == 0 else "#    "
                g_doc = g.doc
                if g.key == "closes" and min_days:
                    g_doc += "; " + minimum_days_text(min_days)
                if g.kind is ValueKind.GROUP:
                    lines.append(_line(f"{lead}{g.key}:", g_doc))
                    lines += [_line(f"#      {h.key}: {h.example}", h.doc) for h in g.sub.fields]
                else:
                    lines.append(_line(f"{lead}{g.key}: {g.example}", g_doc))
        elif f.in_template:
            lines.append(_line(f"{f.key}: {value}", f"{need}: {doc}"))
        else:
            lines.append(_line(f"# {f.key}: {value}", f"{need}: {doc}"))
    return "\n".join(lines) + "\n"


# -- JSON Schema of the front matter ------------------------------------------------------------------

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$"}


def _value_schema(f: Field, registries: dict[str, list[str]]) -> dict:
    kind = f.kind
    if kind is ValueKind.TEXT:
        out: dict = {"type": "string", "minLength": 1 if f.required else 0, "maxLength": f.max_len}
    elif kind is ValueKind.MOMENT:
        out = dict(_DATE)
    elif kind is ValueKind.BOOL:
        out = {"type": "boolean"}
    elif kind is ValueKind.COUNT:
        out = {"type": "integer", "minimum": 0}
    elif kind is ValueKind.EMAIL:
        out = {"type": "string", "format": "email"}
    elif kind is ValueKind.URL:
        out = {"type": "string", "pattern": "^(https://|mailto:)" if f.mailto else "^https://"}
    elif kind in (ValueKind.FILE, ValueKind.FILE_OR_URL):
        out = {"type": "string", "pattern": r"^([A-Za-z0-9][A-Za-z0-9._-]*|https://.+)$"}
    elif kind is ValueKind.KEY:
        out = {"type": "string", "enum": registries.get(f.registry, [])}
    elif kind is ValueKind.KEYS:
        key = {"type": "string", "enum": registries.get(f.registry, [])}
        out = {"anyOf": [{"type": "array", "items": key, "minItems": 1, "uniqueItems": True}, key]}
    elif kind is ValueKind.CHOICE:
        out = {"type": "string", "enum": [c.value for c in f.choices or ()]}
    elif kind is ValueKind.PHONE:
        out = {"type": "string", "maxLength": f.max_len}
    elif kind is ValueKind.TEXTS:
        out = {
            "type": "object",
            "propertyNames": {"enum": list(LANGUAGES)},
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": f.max_len},
        }
    elif kind is ValueKind.GROUP:
        out = record_schema(f.sub, registries)
    else:  # LIST
        out = {"type": "array", "items": record_schema(f.sub, registries)}
    out["description"] = f.doc
    return out


def record_schema(record: Record, registries: dict[str, list[str]]) -> dict:
    schema: dict = {
        "type": "object",
        "additionalProperties": False,
        "properties": {f.key: _value_schema(f, registries) for f in record.fields},
        "required": [f.key for f in record.fields if f.required],
    }
    if record.one_of:
        schema["oneOf"] = [{"required": [k]} for k in record.one_of]
    return schema


def json_schema(registries: dict[str, list[str]], url: str = "") -> dict:
    """JSON Schema (2020-12) of a draft's front matter, with the site's registries as enums."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Thông tin đầu tệp của một dự thảo chính sách (drafts/<id>/index.md)",
    }
    if url:
        schema["$id"] = url
    return {**schema, **record_schema(DRAFT, registries)}


__all__ = [
    "DRAFT",
    "LANGUAGES",
    "SUBJECT_INFO",
    "VERSION",
    "Field",
    "Record",
    "ValueKind",
    "all_keys",
    "json_schema",
    "template",
]
