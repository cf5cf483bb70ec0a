"""`policy-drafts`: the editors' command line (new, check, list, build ...).

It reads the same mkdocs.yml and runs the same validation as `mkdocs build`, so what
`check` reports is exactly what would stop the build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from ..model.clock import PREVIEW_AT, BadMoment, build_instant, parse_moment
from ..model.consultation import CLOSING_SOON_LABEL, STATUS_INFO, Status, state_at
from ..model.formatting import vi_datetime
from ..model.problems import Problem
from ..model.records import is_valid_id
from ..model.registries import Settings
from ..model.text import forbidden_character, slugify
from ..publish.publication import (
    NationalPublication,
    OpenSite,
    Publication,
    SiteConfig,
    harvest_national,
    open_site,
    publish,
)
from ..read.attachments import misnamed_index
from ..read.background import BackgroundFailed
from ..read.catalog import Catalog, Entry, Visibility, withheld_notice
from ..read.draftcache import CACHE_DIR, default_dir
from ..read.schema import REGISTRY_NAMES, json_schema, template
from . import newsite, vendoring
from .config import ConfigProblems, publishing_problem, site_config

ARCHETYPE = Path(__file__).parent.parent / "archetypes" / "draft.md"
SCHEMA_FILE = "du-thao.schema.json"  # beside mkdocs.yml; drafts made by `new` point to it
VISIBILITY_TEXT = {
    Visibility.PUBLISHED: "đã công bố",
    Visibility.EMBARGOED: "chưa đến giờ công bố ({until})",
    Visibility.WITHHELD: "không công bố (bí mật nhà nước)",
    Visibility.INVALID: "có lỗi, chưa công bố được",
}


class CliError(Exception):
    pass


# argparse's own words (usage, help, errors) in Vietnamese: argparse looks them up through its
# module's gettext function, which the command line replaces; unknown ones stay as they are.
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu các tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s không rõ: có thể là %(matches)s",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
}


def _vi(message: str) -> str:
    return ARGPARSE_VI.get(message, message)


def main(argv: list[str] | None = None) -> int:
    argparse._ = _vi  # type: ignore[attr-defined]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CliError as error:
        print(f"policy-drafts: {error}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-drafts",
        description="Tạo trang, viết, kiểm tra, xem trước và liệt kê các dự thảo chính sách của một trang policy-drafts.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="TỆP",
        help="tệp mkdocs.yml của trang (mặc định: ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(title="lệnh", required=True, metavar="LỆNH")

    new = commands.add_parser(
        "new",
        help="tạo drafts/<mã>/index.md từ mẫu",
        description="Tạo thư mục dự thảo mới với một mẫu giải thích từng trường.",
    )
    new.add_argument(
        "id", help="mã cố định của dự thảo, cũng là địa chỉ trang: chữ thường không dấu, số và dấu gạch ngang"
    )
    new.set_defaults(run=run_new)

    check = commands.add_parser(
        "check",
        help="kiểm tra dự thảo mà không dựng trang",
        description="Kiểm tra các dự thảo và in mọi lỗi dưới dạng "
        "tệp:dòng: trường: lỗi (cách sửa). Trả mã 1 nếu có lỗi.",
    )
    check.add_argument("paths", nargs="*", help="thư mục dự thảo hoặc tệp index.md (mặc định: mọi dự thảo)")
    check.add_argument(
        "--format",
        choices=("text", "json", "github", "gitlab"),
        default="text",
        help="định dạng: text, json, github (chú thích GitHub Actions), gitlab (báo cáo chất lượng mã)",
    )
    check.add_argument(
        "--withheld",
        action="store_true",
        help="hiện cả lỗi của dự thảo bí mật nhà nước (bị ẩn vì nhật ký CI thường công khai); "
        "chỉ dùng trên máy của bạn, định dạng text",
    )
    check.set_defaults(run=run_check)

    build = commands.add_parser(
        "build",
        help="ghi mọi tệp không phải trang (nguồn tin, lịch, dữ liệu mở, tìm kiếm, tệp đính kèm ...) "
        "mà không chạy MkDocs",
        description="Ghi vào THƯ_MỤC, không chạy MkDocs, mọi tệp của trang không phải là trang hiển thị qua giao "
        "diện Material: nguồn tin RSS và JSON Feed, lịch, dữ liệu mở, thông báo niêm yết, chỉ mục tìm kiếm, tệp "
        "đính kèm của dự thảo, tập lệnh và kiểu trình bày; giống hệt từng byte các tệp mkdocs build ghi ra với "
        "cùng SOURCE_DATE_EPOCH. Nếu dự thảo có lỗi, không ghi gì, liệt kê mọi lỗi như policy-drafts check và "
        "trả mã 1.",
    )
    build.add_argument(
        "--out",
        required=True,
        metavar="THƯ_MỤC",
        help="thư mục sẽ ghi các tệp (tạo nếu chưa có; các tệp khác trong đó được giữ nguyên)",
    )
    build.set_defaults(run=run_build)

    digest = commands.add_parser(
        "digest",
        help="thư báo: các sự kiện mới, gửi qua SMTP tới danh sách nhận thư",
        description="Soạn thư báo tiếng Việt (HTML và văn bản thuần) về các sự kiện từ --since (hoặc từ lần gửi "
        "trước, ghi trong --state) đến thời điểm dựng trang, và gửi qua SMTP tới email_alerts.to "
        "(cài đặt SMTP lấy từ biến môi trường POLICY_DRAFTS_SMTP_HOST, _PORT, _USER, _PASSWORD, _STARTTLS).",
    )
    digest.add_argument(
        "--since",
        help="từ thời điểm này, ví dụ 2026-11-23 hoặc 2026-11-23T00:05+07:00 "
        "(mặc định: lần gửi trước ghi trong --state, hoặc 24 giờ trước)",
    )
    digest.add_argument("--state", help="tệp JSON ghi các sự kiện đã gửi, để mỗi sự kiện chỉ gửi một lần")
    digest.add_argument("--send", action="store_true", help="gửi thư (mặc định: chỉ in thư ra màn hình)")
    digest.add_argument("--to", action="append", help="gửi tới địa chỉ này thay cho email_alerts.to")
    digest.set_defaults(run=run_digest)

    listing = commands.add_parser(
        "list",
        help="mọi dự thảo với trạng thái và việc công bố",
        description="Liệt kê mọi thư mục dự thảo với trạng thái, việc công bố và mốc thời gian sắp tới.",
    )
    listing.add_argument(
        "--at", help="thời điểm xem, ví dụ 2026-12-01T08:00+07:00 (mặc định: bây giờ, hoặc SOURCE_DATE_EPOCH)"
    )
    listing.add_argument("--format", choices=("text", "json"), default="text", help="định dạng: text hoặc json")
    listing.add_argument(
        "--withheld", action="store_true", help="liệt kê cả dự thảo bí mật nhà nước (chỉ trên máy của bạn)"
    )
    listing.set_defaults(run=run_list)

    schema_command = commands.add_parser(
        "schema",
        help=f"ghi {SCHEMA_FILE}: lược đồ JSON của thông tin đầu tệp, để trình soạn thảo gợi ý và kiểm tra",
        description=f"Ghi lược đồ JSON Schema của thông tin đầu tệp dự thảo, với mã cơ quan, lĩnh vực, loại văn "
        f"bản của trang, vào {SCHEMA_FILE} bên cạnh mkdocs.yml. Dự thảo tạo bằng policy-drafts new trỏ tới tệp "
        "này; policy-drafts check báo khi tệp đã cũ so với mkdocs.yml.",
    )
    schema_command.set_defaults(run=run_schema)

    init = commands.add_parser(
        "init",
        help="tạo trang mới cho một tỉnh, sở, ngành: mkdocs.yml, các trang, một dự thảo mẫu, pipeline",
        description="Tạo trang truyền thông dự thảo chính sách mới trong THƯ_MỤC (trống hoặc chưa có). Thông tin "
        "chưa cho biết được để dạng chữ mẫu; policy-drafts check liệt kê chúng cho đến khi được điền.",
    )
    init.add_argument("folder", metavar="THƯ_MỤC", help="thư mục của trang mới, ví dụ duthao-sgddt")
    init.add_argument("--agency", default="", help="tên cơ quan chủ trì soạn thảo, ví dụ “Sở Giáo dục và Đào tạo”")
    init.add_argument("--name", default="", help="tên trang (mặc định: Truyền thông dự thảo chính sách – <cơ quan>)")
    init.add_argument("--url", default="", help="địa chỉ công bố trang, ví dụ https://duthao.sgddt.example.gov.vn/")
    init.add_argument("--email", default="", help="thư điện tử nhận góp ý, ví dụ gopy@sgddt.example.gov.vn")
    init.add_argument(
        "--package",
        default="",
        help="nơi pipeline lấy mkdocs-policy-drafts (ghi vào requirements-package.txt): một yêu cầu pip như "
        "mkdocs-policy-drafts==1.2.0 trên kho gói của bạn, hoặc một thẻ git như "
        "git+https://git.example.gov.vn/cntt/mkdocs-policy-drafts.git@v1.2.0 (mặc định: tệp wheel của phiên bản "
        "đang dùng, đặt trong vendor/ của trang, không cần kho gói nào)",
    )
    init.set_defaults(run=run_init, config_file=None)

    word = commands.add_parser(
        "import",
        help="nhập một phiên bản dự thảo từ tệp Word (.docx)",
        description="Viết drafts/<mã>/versions/<n>.md (phiên bản tiếp theo) từ tệp Word: giữ Phần, Chương, Mục, "
        "Điều, khoản, điểm, danh sách, bảng, chữ đậm, nghiêng; liệt kê những gì không chuyển được.",
    )
    word.add_argument("id", help="mã của dự thảo (tên thư mục trong drafts/)")
    word.add_argument("file", help="tệp Word .docx")
    word.add_argument("--date", help="ngày của phiên bản, dạng 2026-10-27 (trước ngày này chưa công bố)")
    word.add_argument("--note", help="ghi chú về phiên bản, ví dụ: Tiếp thu ý kiến của Sở Tư pháp.")
    word.add_argument("--title", help="tên phiên bản (mặc định: Dự thảo lần <n>)")
    word.set_defaults(run=run_import)

    comments = commands.add_parser(
        "comments",
        help="nhập ý kiến góp ý, lập báo cáo tiếp thu, giải trình",
        description="Làm việc với bảng ý kiến góp ý của một đợt lấy ý kiến (trường comments: của đợt).",
    )
    actions = comments.add_subparsers(title="việc", required=True, metavar="VIỆC")
    take = actions.add_parser(
        "import",
        help="thêm ý kiến từ biểu mẫu (.csv, .xlsx) hoặc thư điện tử (.eml, .mbox) vào bảng ý kiến của đợt",
        description="Thêm ý kiến vào bảng ý kiến (riêng, không công bố) của đợt lấy ý kiến: nhận các cột theo tiêu đề "
        "tiếng Việt của biểu mẫu; nội dung trùng nhau được giữ một lần kèm số lượng; ý kiến mới chưa được công bố.",
    )
    take.add_argument("id", help="mã của dự thảo")
    take.add_argument("file", help="tệp xuất từ Google Forms, Microsoft Forms (.csv, .xlsx) hoặc thư (.eml, .mbox)")
    take.add_argument("--round", type=int, help="số thứ tự của đợt lấy ý kiến (mặc định: đợt hiện tại hoặc gần nhất)")
    take.set_defaults(run=run_comments_import)
    report = actions.add_parser(
        "report",
        help="lập báo cáo tổng hợp, tiếp thu, giải trình ý kiến (.docx)",
        description="Viết Báo cáo tổng hợp, tiếp thu, giải trình ý kiến của một đợt lấy ý kiến thành tệp Word, "
        "từ bảng ý kiến của đợt: số ý kiến theo đối tượng, theo điều, và bảng STT | Điều | Cơ quan, tổ chức, "
        "cá nhân | Nội dung góp ý | Tiếp thu, giải trình. Tên người góp ý chỉ hiện khi họ đồng ý.",
    )
    report.add_argument("id", help="mã của dự thảo")
    report.add_argument("--round", type=int, help="số thứ tự của đợt lấy ý kiến (mặc định: đợt hiện tại hoặc gần nhất)")
    report.add_argument("-o", "--output", required=True, metavar="TỆP.docx", help="tệp Word sẽ viết")
    report.set_defaults(run=run_comments_report)

    upgrade = commands.add_parser(
        "upgrade",
        help="cập nhật requirements.txt và tệp wheel trong vendor/ theo phiên bản mkdocs-policy-drafts đang cài",
        description="Chạy trong thư mục của trang, sau khi cài phiên bản mới của mkdocs-policy-drafts: ghi lại "
        "requirements.txt (mọi gói, đúng phiên bản, kèm mã băm) và tệp wheel trong vendor/ cùng lúc.",
    )
    upgrade.set_defaults(run=run_upgrade)

    serve = commands.add_parser(
        "serve",
        help="xem trước trang trên máy của bạn (mkdocs serve), có thể tại một thời điểm chọn trước",
        description="Chạy mkdocs serve. Mỗi lần bạn lưu một tệp, chỉ những trang và tệp thay đổi được dựng lại "
        "(mkdocs serve --dirty; kết quả đúng như dựng lại toàn bộ). Với --at, trang hiện như vào thời điểm đó, kể "
        "cả dự thảo hẹn giờ công bố sau, với dải “BẢN XEM TRƯỚC” trên mọi trang; lỗi trong dự thảo hiện ngay trong "
        "trình duyệt.",
    )
    serve.add_argument("--at", help="thời điểm xem trước, ví dụ 2026-12-01 hoặc 2026-12-01T08:00 (giờ của trang)")
    serve.add_argument("-a", "--dev-addr", help="địa chỉ và cổng, ví dụ 127.0.0.1:8000 (mặc định: như mkdocs serve)")
    serve.add_argument("--open", action="store_true", help="mở trình duyệt khi trang sẵn sàng")
    serve.add_argument(
        "--full",
        action="store_true",
        help="dựng lại toàn bộ trang sau mỗi thay đổi (chậm hơn; mặc định chỉ dựng lại những gì thay đổi)",
    )
    serve.set_defaults(run=run_serve)
    return parser


# -- the site ------------------------------------------------------------------------------------


class Site:
    """The site a command runs in: mkdocs.yml read and validated as `mkdocs build` reads it, turned
    into the core's configuration (config.py) at the build instant; its drafts are read through
    the core's one door (publication.py)."""

    def __init__(self, config_file: str):
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        path = Path(config_file)
        if not path.is_file():
            raise CliError(
                f"không tìm thấy {config_file} (chạy lệnh trong thư mục của trang, hoặc dùng -f đường/dẫn/mkdocs.yml)"
            )
        try:
            config = load_config(config_file=str(path))
        except ConfigurationError as error:
            raise CliError(f"{config_file}: {error}") from None
        plugin = config.plugins.get("policy-drafts")
        if plugin is None:
            raise CliError(f"{config_file} không dùng plugin policy-drafts")
        try:
            self.config: SiteConfig = site_config(config, plugin.config, now_instant(), config_file)
        except ConfigProblems as error:
            raise CliError(f"{config_file}:\n{error}") from None
        self.settings: Settings = self.config.settings
        self.root = self.config.root
        self.drafts_dir = self.config.drafts_dir
        self.site_url = self.config.site_url
        self.warnings = list(self.config.warnings)

    def open(self, only: set[str] | None = None, *, parallel: bool = False) -> OpenSite:
        return open_site(self.config, only, parallel=parallel)

    def catalog(self, only: set[str] | None = None) -> Catalog:
        return self.open(only).catalog

    def registries(self) -> dict[str, list[str]]:
        return {name: sorted(getattr(self.settings, name)) for name in REGISTRY_NAMES}

    def schema_text(self) -> str:
        return json.dumps(json_schema(self.registries()), ensure_ascii=False, indent=2) + "\n"

    def schema_problem(self) -> Problem | None:
        """A schema file that no longer matches mkdocs.yml would guide editors wrongly."""
        path = self.root / SCHEMA_FILE
        if path.is_file() and path.read_text(encoding="utf-8") != self.schema_text():
            return Problem(SCHEMA_FILE, None, "tệp", "đã cũ so với mkdocs.yml", "chạy policy-drafts schema")
        return None


def now_instant() -> datetime:
    """The build instant, as `mkdocs build` takes it: SOURCE_DATE_EPOCH, else the clock (a bad
    value is one readable line)."""
    try:
        at = build_instant(os.environ.get("SOURCE_DATE_EPOCH"), fallback=None)
    except BadMoment as error:
        raise CliError(f"{error} ({error.fix})") from None
    return at or datetime.now(UTC)


# -- new -----------------------------------------------------------------------------------------


def run_new(args) -> int:
    site = Site(args.config_file)
    if not is_valid_id(args.id):
        raise CliError(
            f"'{args.id}' không dùng được làm mã dự thảo: chỉ dùng chữ thường không dấu, số và dấu "
            f"gạch ngang, ví dụ {suggest_id(args.id) or 'hoc-phi-2027-2028'}"
        )
    folder = site.root / site.drafts_dir / args.id
    if folder.exists():
        raise CliError(f"{site.drafts_dir}/{args.id} đã có; hãy chọn mã khác")
    s = site.settings
    today = now_instant().astimezone(s.timezone).date()
    min_days = {key: t.min_days for key, t in s.document_types.items()}
    schema_file = site.root / SCHEMA_FILE
    text = jinja2.Template(ARCHETYPE.read_text(encoding="utf-8"), keep_trailing_newline=True).render(
        path=f"{site.drafts_dir}/{args.id}",
        front_matter=template(site.registries(), min_days, today),
        sections=s.sections,
        schema=Path(os.path.relpath(schema_file, folder)).as_posix() if schema_file.is_file() else "",
    )
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    print(f"Đã tạo {site.drafts_dir}/{args.id}/index.md")
    print(
        f"Điền các trường bắt buộc và các mục nội dung, đặt tệp đính kèm vào {site.drafts_dir}/{args.id}/, "
        f"rồi chạy: policy-drafts check {site.drafts_dir}/{args.id}"
    )
    return 0


# -- import --------------------------------------------------------------------------------------


def run_import(args) -> int:
    """Word to the next versions/<n>.md: converted (wordimport), then read back as the build reads
    it (front matter rules, sanitizer, article structure) before anything is written."""
    import yaml

    from ..model.articles import prepare, structure
    from ..read.attachments import TEXT_MAX_BYTES, VERSIONS_DIR
    from ..read.markup import Renderer
    from ..read.versions import FILE_NAME, parse_versions
    from ..read.wordimport import WordError, convert

    site = Site(args.config_file)
    folder = site.root / site.drafts_dir / args.id
    if not is_valid_id(args.id) or not (folder / "index.md").is_file():
        raise CliError(f"không có dự thảo {site.drafts_dir}/{args.id}/index.md (tạo bằng: policy-drafts new {args.id})")
    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"không tìm thấy tệp {args.file}")
    if source.suffix.lower() != ".docx":
        raise CliError(f"{source.name}: chỉ nhập được tệp Word .docx (tệp .doc: mở bằng Word, Lưu thành .docx)")
    try:
        imported = convert(source.read_bytes(), source.name)
    except WordError as error:
        raise CliError(str(error)) from None
    versions_dir = folder / VERSIONS_DIR
    existing = {}
    if versions_dir.is_dir():
        for entry in sorted(versions_dir.iterdir()):
            if FILE_NAME.match(entry.name) and entry.is_file() and not entry.is_symlink():
                existing[entry.name] = entry.read_bytes()
    number = len(existing) + 1
    front: dict = {"title": args.title or f"Dự thảo lần {number}"}
    if args.date:
        front["date"] = args.date
    if args.note:
        front["note"] = args.note
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + imported.markdown
    data = text.encode("utf-8")
    if len(data) > TEXT_MAX_BYTES:
        raise CliError(f"văn bản chuyển ra lớn hơn {TEXT_MAX_BYTES // 1048576} MB; hãy kiểm tra tệp Word")
    rel = f"{site.drafts_dir}/{args.id}/{VERSIONS_DIR}"
    versions, problems = parse_versions({**existing, f"{number}.md": data}, rel, site.settings)
    mine = [p for p in problems if p.path == f"{rel}/{number}.md" or p.path == rel]
    if mine:
        raise CliError("phiên bản nhập từ Word chưa ghi được:\n" + "\n".join(f"  {p}" for p in mine))
    version = next(v for v in versions if v.number == number)
    prepared, _ = prepare(version.body)
    content = Renderer(site.settings.markdown).render(prepared, 0)
    articles = structure(content.html).articles
    versions_dir.mkdir(exist_ok=True)
    target = versions_dir / f"{number}.md"
    try:
        with open(target, "xb") as out:
            out.write(data)
    except FileExistsError:
        raise CliError(f"{rel}/{number}.md đã có (các phiên bản phải là tệp thường 1.md, 2.md ... liên tục)") from None
    print(f"Đã viết {rel}/{number}.md ({front['title']}): {len(articles)} điều.")
    warnings = imported.warnings + [f"{r.what} ({r.fix})" for r in content.removed]
    for warning in warnings:
        print(f"Cảnh báo: {warning}")
    if not articles:
        print("Cảnh báo: không nhận ra điều nào (đoạn bắt đầu bằng 'Điều 1.'); hãy kiểm tra tệp Word")
    print(f"Xem lại tệp, rồi chạy: policy-drafts check {site.drafts_dir}/{args.id}")
    return 0


# -- comments ------------------------------------------------------------------------------------


def _draft_round(site: Site, draft_id: str, number: int | None):
    """The draft (as its files say, every fact) and one of its windows, for the comments commands."""
    from ..model.consultation import state_at

    if not is_valid_id(draft_id):
        raise CliError(f"'{draft_id}' không phải là mã dự thảo")
    entry = next((e for e in site.catalog({draft_id}).entries if e.id == draft_id), None)
    if entry is None:
        raise CliError(f"không có dự thảo {site.drafts_dir}/{draft_id}/index.md")
    draft = entry.draft or _draft_awaiting_table(site, entry)
    if draft is None:
        raise CliError(f"dự thảo {draft_id} đang có lỗi: chạy policy-drafts check {site.drafts_dir}/{draft_id}")
    if not draft.rounds:
        raise CliError(f"dự thảo {draft_id} chưa có đợt lấy ý kiến (consultations:)")
    if number is not None:
        if not 1 <= number <= len(draft.rounds):
            raise CliError(
                f"dự thảo {draft_id} có {len(draft.rounds)} đợt lấy ý kiến; chọn --round từ 1 đến {len(draft.rounds)}"
            )
        return entry, draft, draft.rounds[number - 1]
    window = state_at(draft, now_instant()).window
    assert window is not None
    return entry, draft, window


def _draft_awaiting_table(site: Site, entry: Entry):
    """A draft whose only problem is a comments table not made yet (the import makes it)."""
    import re

    from ..read.reader import parse_draft

    missing = [
        m[1]
        for p in entry.problems
        if p.field.endswith(".comments") and (m := re.match(r"^không có tệp '([^'/]+\.csv)'", p.message))
    ]
    if not missing or len(missing) != len(entry.problems):
        return None
    files = {f.name: f.stat().st_size for f in entry.folder.iterdir() if f.is_file() and not f.is_symlink()}
    files.update(dict.fromkeys(missing, 0))
    files.pop("index.md", None)
    raw = (entry.folder / "index.md").read_bytes()
    draft, problems = parse_draft(raw, draft_id=entry.id, path=entry.path, settings=site.settings, files=files)
    return None if problems else draft


def run_comments_import(args) -> int:
    from ..read.commentimport import ImportError_, merge, read_source
    from ..read.comments import parse_comments

    site = Site(args.config_file)
    entry, _, window = _draft_round(site, args.id, args.round)
    if not window.comments:
        raise CliError(
            f"đợt lấy ý kiến {window.number} của {args.id} chưa có bảng ý kiến: thêm dòng "
            f"comments: y-kien-dot-{window.number}.csv vào đợt đó trong index.md, rồi chạy lại"
        )
    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"không tìm thấy tệp {args.file}")
    if source.stat().st_size > site.settings.attachment_max_bytes:
        raise CliError(f"{source.name} lớn hơn {site.settings.attachment_max_bytes // 1048576} MB")
    mapping = dict(site.config.comment_columns)
    target = entry.folder / window.comments
    rel = f"{site.drafts_dir}/{args.id}/{window.comments}"
    if target.is_symlink():
        raise CliError(f"{rel} là liên kết tượng trưng (symlink): thay bằng tệp thật")
    try:
        incoming = read_source(source, source.read_bytes(), site.settings.timezone, mapping)
        data, report = merge(target.read_bytes() if target.is_file() else None, incoming)
    except ImportError_ as error:
        raise CliError(f"{source.name}: {error}") from None
    _, problems = parse_comments(data, rel)
    if problems:
        raise CliError("bảng ý kiến sau khi nhập sẽ có lỗi, chưa ghi:\n" + "\n".join(f"  {p}" for p in problems))
    temporary = target.with_name(f".{target.name}.moi")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    print(
        f"Đã thêm {report.added} ý kiến vào {rel}"
        + (f"; {report.merged} ý kiến trùng nội dung được gộp (cột 'Số ý kiến giống nhau')" if report.merged else "")
        + "."
    )
    for line in report.skipped:
        print(f"Chú ý: {line}")
    if report.unknown_columns:
        print("Các cột khác được giữ nguyên trong bảng (không công bố): " + ", ".join(report.unknown_columns))
    print("Ý kiến mới có Công bố: Không. Xem lại bảng, điền Đối tượng, Tiếp thu, Giải trình và chọn ý kiến công bố.")
    return 0


def run_comments_report(args) -> int:
    from ..model.consultation import round_version
    from ..model.records import SUBJECT_INFO
    from ..publish.commentreport import ReportFacts, build_report, window_text
    from ..read.comments import every_comment

    site = Site(args.config_file)
    entry, draft, window = _draft_round(site, args.id, args.round)
    output = Path(args.output)
    if output.suffix.lower() != ".docx":
        raise CliError(f"{args.output}: tên tệp báo cáo phải kết thúc bằng .docx")
    if not window.comments or not (entry.folder / window.comments).is_file():
        raise CliError(
            f"đợt lấy ý kiến {window.number} của {args.id} chưa có bảng ý kiến (comments:); "
            f"nhập ý kiến bằng: policy-drafts comments import {args.id} <tệp>"
        )
    rel = f"{site.drafts_dir}/{args.id}/{window.comments}"
    comments, problems = every_comment((entry.folder / window.comments).read_bytes(), rel)
    if problems:
        raise CliError("bảng ý kiến có lỗi:\n" + "\n".join(f"  {p}" for p in problems))
    version = round_version(draft, window)
    facts = ReportFacts(
        agency=site.settings.agencies[draft.agency].name_on(draft.published.day),
        draft_title=draft.title,
        document_type=site.settings.document_types[draft.document_type].name,
        window=window_text(window.opens, window.deadline),
        version=version.title if version else "",
        round_label=f"{SUBJECT_INFO[window.subject].label} (đợt {window.number})",
        url=site.config.urls.absolute(site.config.urls.draft(draft.id)),
    )
    output.write_bytes(build_report(facts, comments))
    total = sum(c.copies for c in comments)
    print(f"Đã viết {output}: {len(comments)} dòng, {total} ý kiến.")
    return 0


# -- check ---------------------------------------------------------------------------------------


def run_check(args) -> int:
    site = Site(args.config_file)
    only = {_draft_id(p, site) for p in args.paths} if args.paths else None
    catalog = site.catalog(only)
    if only:
        missing = only - {e.id for e in catalog.entries}
        if missing:
            raise CliError("không có dự thảo: " + ", ".join(sorted(missing)))
    if args.withheld and args.format in ("github", "gitlab"):
        raise CliError(
            "--withheld hiện nội dung bí mật nhà nước: không dùng cùng --format github hoặc gitlab "
            "(nhật ký CI thường công khai)"
        )
    problems = _listed(site, catalog, withheld=args.withheld)
    errors = catalog.problems + catalog.withheld_problems
    blocking = [p for p in problems if p in errors]
    hidden = 0 if args.withheld else catalog.withheld_invalid
    if args.format == "json":
        print(
            json.dumps(
                {"checked": len(catalog.entries), "problems": [p.as_dict() for p in problems]},
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "github":
        for p in problems:
            line = f",line={p.line}" if p.line else ""
            fix = f" ({p.fix})" if p.fix else ""
            kind = "error" if p in blocking else "warning"
            print(f"::{kind} file={p.path}{line},title={_gh(p.field)}::{_gh(p.message + fix)}")
    elif args.format == "gitlab":
        print(
            json.dumps(
                [
                    {
                        "description": f"{p.field}: {p.message}" + (f" ({p.fix})" if p.fix else ""),
                        "check_name": "policy-drafts",
                        "fingerprint": hashlib.sha1(str(p).encode()).hexdigest(),
                        "severity": "blocker" if p in blocking else "minor",
                        "location": {"path": p.path, "lines": {"begin": p.line or 1}},
                    }
                    for p in problems
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_problems(problems, blocking, len(catalog.entries))
    if hidden:
        print(withheld_notice(hidden), file=sys.stderr)
    return 1 if blocking or hidden else 0


def _listed(site: Site, catalog: Catalog, *, withheld: bool = False) -> list[Problem]:
    """What `check` (and a refused `build`) lists, in file order: problems, warnings, the site's
    placeholders and a stale schema file; with `withheld`, a state secret's too."""
    stale = site.schema_problem()
    shown = (
        catalog.problems
        + catalog.warnings
        + site.warnings
        + ([stale] if stale else [])
        + (catalog.withheld_problems if withheld else [])
    )
    return sorted(shown, key=lambda p: (p.path, p.line or 0, p.field))


def _print_problems(problems: list[Problem], blocking: list[Problem], checked: int) -> None:
    """The text report of `check` (and of a refused `build`): one line a problem, then a summary."""
    for problem in problems:
        print(problem if problem in blocking else f"cảnh báo: {problem}")
    invalid = len({p.path.split("/")[1] if p.path.count("/") else p.path for p in blocking})
    warnings = len(problems) - len(blocking)
    print(
        f"Đã kiểm tra {checked} dự thảo: "
        + (f"{len(blocking)} lỗi trong {invalid} dự thảo" if blocking else "không có lỗi")
        + (f", {warnings} cảnh báo" if warnings else ""),
        file=sys.stderr,
    )


# -- build ---------------------------------------------------------------------------------------


def run_build(args) -> int:
    """Every file of the site but its themed pages, through the core's one door, as a publishing
    `mkdocs build` writes them; refused, with check's list of problems, when drafts have some."""
    site = Site(args.config_file)
    refused = publishing_problem(site.site_url, preview=False)
    if os.environ.get(PREVIEW_AT):
        refused = f"biến {PREVIEW_AT} chỉ dùng để xem trước (policy-drafts serve --at …); hãy bỏ biến này"
    if refused:
        raise CliError(refused)
    if site.config.national:
        publication: Publication = _national(site)
        account = f"{len(publication.site.drafts)} dự thảo của các trang"
    else:
        opened = site.open(parallel=True)
        problems = _listed(site, opened.catalog)
        if not opened.publishable:
            _print_problems(problems, opened.problems, len(opened.catalog.entries))
            if opened.withheld_invalid:
                print(withheld_notice(opened.withheld_invalid), file=sys.stderr)
            print(f"Chưa ghi tệp nào: {opened.refusal}.", file=sys.stderr)
            return 1
        for problem in problems:
            print(f"cảnh báo: {problem}", file=sys.stderr)
        publication, account = publish(opened), opened.account()
    try:
        written = publication.write(Path(args.out))
    except (OSError, ValueError, BackgroundFailed) as error:  # an attachment changed since read, a full disk ...
        raise CliError(f"ghi các tệp của trang vào {args.out} không thành công:\n{error}") from None
    print(f"{account}.", file=sys.stderr)
    print(f"Đã ghi {written} tệp vào {args.out} (các trang do MkDocs dựng: mkdocs build).", file=sys.stderr)
    return 0


def _national(site: Site) -> Publication:
    """A national (or provincial) site: every site's open data harvested, as `mkdocs build` does."""
    harvested = harvest_national(site.config)
    for level, note in harvested.notes:
        print(f"cảnh báo: {note}" if level >= logging.WARNING else note, file=sys.stderr)
    if harvested.failures:
        raise CliError("không thu thập được dữ liệu:\n" + "\n".join(harvested.failures))
    return NationalPublication(site.config, harvested.sites)


def suggest_id(text: str) -> str:
    """'Học phí 2027' -> 'hoc-phi-2027': the id an editor probably meant."""
    return slugify(text)


def _gh(text: str) -> str:
    """Escape a GitHub workflow command value."""
    return (
        text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace("::", "%3A%3A")
    )


def _draft_id(path: str, site: Site) -> str:
    parts = Path(path).parts
    if parts and (parts[-1] == "index.md" or misnamed_index(parts[-1])):
        parts = parts[:-1]
    if not parts:
        raise CliError(f"'{path}' không phải là thư mục dự thảo")
    return parts[-1]


# -- digest --------------------------------------------------------------------------------------


def run_digest(args) -> int:
    from ..publish.digest import BadState

    try:
        return _digest(args)
    except BadState as error:  # the state file: one readable line, never a traceback
        raise CliError(str(error)) from None


def _digest(args) -> int:
    from urllib.parse import urlsplit

    from ..publish.digest import DEFAULT_SINCE, State, message, new_events, render, send
    from ..read.url_judge import EMAIL

    site = Site(args.config_file)
    alerts = site.config.email_alerts
    to = args.to or ([alerts["to"]] if isinstance(alerts.get("to"), str) else list(alerts.get("to") or []))
    sender = str(alerts.get("from") or "")
    for address in args.to or ():
        if not EMAIL.match(address):
            raise CliError(
                f"--to: '{address}' không phải là địa chỉ thư điện tử (ví dụ --to tin-du-thao@example.gov.vn)"
            )
    if args.send:
        # Said before anything is read, and only what is missing (--to stands for email_alerts.to).
        missing = []
        if not sender:
            missing.append(
                f"địa chỉ người gửi: thêm email_alerts.from vào {args.config_file}, "
                'ví dụ from: "Sở GD&ĐT <duthao@sgddt.example.gov.vn>"'
            )
        if not to:
            missing.append(f"người nhận: thêm email_alerts.to vào {args.config_file}, hoặc dùng --to <địa chỉ>")
        if missing:
            raise CliError("chưa gửi được thư báo, còn thiếu " + "; ".join(missing))
    now = site.config.now
    state = State.load(Path(args.state) if args.state else None)
    if args.since:
        try:
            since = parse_moment(args.since, site.settings.timezone).at
        except BadMoment as error:
            raise CliError(f"--since: {error}") from None
    else:
        since = state.last or now - DEFAULT_SINCE
    publication = publish(site.open())
    model = publication.site
    events = new_events(model, since, state.sent)
    digest = render(
        model,
        publication.env,
        site.config.site_name,
        events,
        since=since,
        prefix=str(alerts.get("subject") or "Dự thảo chính sách"),
        subscribe=str(alerts.get("subscribe_url") or ""),
    )
    if digest is None:
        print(f"Không có sự kiện mới từ {vi_datetime(since.astimezone(site.settings.timezone))}.", file=sys.stderr)
        if args.send:
            state.save([], now)
        return 0
    host = urlsplit(site.site_url).hostname or "localhost"
    msg = message(digest, sender or f"no-reply@{host}", to or [f"no-reply@{host}"], now, host)
    if not args.send:  # a preview: what the plain-text part of the mail says
        print(f"Tiêu đề: {digest.subject}\nGửi tới: {', '.join(to) or '(chưa khai báo email_alerts.to)'}\n")
        print(digest.text)
        return 0
    try:
        send(msg)
    except (OSError, RuntimeError) as error:  # smtplib's errors are OSErrors
        raise CliError(f"không gửi được thư: {error}") from None
    state.save(digest.keys, now)
    print(f"Đã gửi thư báo {len(digest.keys)} sự kiện tới {', '.join(to)}.", file=sys.stderr)
    return 0


# -- schema --------------------------------------------------------------------------------------


def run_schema(args) -> int:
    site = Site(args.config_file)
    (site.root / SCHEMA_FILE).write_text(site.schema_text(), encoding="utf-8")
    print(f"Đã ghi {SCHEMA_FILE}: dự thảo mới (policy-drafts new) trỏ tới tệp này.", file=sys.stderr)
    return 0


# -- init ----------------------------------------------------------------------------------------


def run_init(args) -> int:
    from ..read.url_judge import EMAIL, judge

    folder = Path(args.folder)
    for option in ("agency", "name", "url", "email", "package"):
        odd = forbidden_character(getattr(args, option)) or ("xuống dòng" if "\n" in getattr(args, option) else "")
        if odd:
            raise CliError(f"--{option}: có ký tự không dùng được ({odd})")
    if args.url and not judge(args.url):
        raise CliError(
            f"--url: '{args.url}' không phải là địa chỉ https: hợp lệ (ví dụ https://duthao.example.gov.vn/)"
        )
    if args.email and not EMAIL.match(args.email):
        raise CliError(f"--email: '{args.email}' không phải là địa chỉ thư điện tử")
    spec = args.package.strip()
    if spec.startswith("-"):
        raise CliError(f"--package: '{spec}' không phải là một yêu cầu pip")
    today = now_instant().astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()  # the scaffold's time zone
    site = newsite.new_site(
        today=today, package_spec=spec, agency=args.agency, name=args.name, url=args.url, email=args.email
    )
    with tempfile.TemporaryDirectory() as tmp:
        wheel = None if spec else _wheel(Path(tmp))
        requirements = vendoring.requirements_text(wheel, _version(wheel))
        files = newsite.scaffold_files(site, requirements)
        vendored = [f"{vendoring.VENDOR}/{wheel.name}"] if wheel else []
        taken = newsite.occupied(folder, {**files, **dict.fromkeys(vendored, "")})
        if taken:
            raise CliError(f"{folder} đã có {', '.join(taken)}; init không ghi đè tệp nào (chọn thư mục trống)")
        newsite.write(folder, files)
        if wheel:
            (folder / vendoring.VENDOR).mkdir(exist_ok=True)
            shutil.copyfile(wheel.path, folder / vendored[0])
    # The front matter's schema from the new mkdocs.yml (read as `mkdocs build` reads it).
    created = Site(str(folder / "mkdocs.yml"))
    (folder / SCHEMA_FILE).write_text(created.schema_text(), encoding="utf-8")
    print(f"Đã tạo trang mới trong {folder}/ ({len(files) + 1 + len(vendored)} tệp). Tiếp theo:")
    print(f"  cd {folder}")
    print(f"  {site.install}   # nếu máy này chưa cài")
    print("  policy-drafts serve               # xem trang tại http://127.0.0.1:8000/")
    print("  policy-drafts check               # liệt kê chữ mẫu còn phải điền trong mkdocs.yml")
    print("Đọc README.md trong thư mục mới để đưa trang lên GitHub Pages, GitLab Pages hoặc máy chủ của bạn.")
    return 0


def _wheel(folder: Path) -> vendoring.Wheel:
    print("Đang tạo tệp wheel của mkdocs-policy-drafts từ bản đang cài...", file=sys.stderr)
    try:
        return vendoring.build_wheel(folder)
    except vendoring.VendorError as error:
        raise CliError(f"{error} (hoặc dùng --package để chỉ nơi lấy gói)") from None


def _version(wheel: vendoring.Wheel | None) -> str:
    return wheel.name.split("-")[1] if wheel else vendoring.installed_version()


# -- upgrade -------------------------------------------------------------------------------------


def run_upgrade(args) -> int:
    """requirements.txt and vendor/ together, from the installed package and its lock."""
    root = Path(args.config_file).parent
    requirements = root / vendoring.REQUIREMENTS
    if not (root / Path(args.config_file).name).is_file() or not requirements.is_file():
        raise CliError(
            f"không thấy mkdocs.yml và {vendoring.REQUIREMENTS} ở {root.resolve()} (chạy trong thư mục của trang)"
        )
    old = vendoring.vendored_wheel(requirements.read_text(encoding="utf-8"))
    named = (root / vendoring.PACKAGE_REQUIREMENTS).is_file()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = None if named and old is None else _wheel(Path(tmp))
        version = _version(wheel)
        if wheel:
            vendor = root / vendoring.VENDOR
            vendor.mkdir(exist_ok=True)
            shutil.copyfile(wheel.path, vendor / wheel.name)
            if old and old != wheel.name and (vendor / old).is_file():
                (vendor / old).unlink()
        requirements.write_text(vendoring.requirements_text(wheel, version), encoding="utf-8", newline="\n")
    print(f"Đã ghi {vendoring.REQUIREMENTS} theo mkdocs-policy-drafts {version}", end="")
    if wheel:
        print(
            f" và {vendoring.VENDOR}/{wheel.name}"
            + (f" (đã xóa {vendoring.VENDOR}/{old})" if old and old != wheel.name else "")
        )
    else:
        print(f"; sửa {vendoring.PACKAGE_REQUIREMENTS} cho khớp phiên bản này")
    print("Tiếp theo: cài lại, dựng thử rồi đưa thay đổi lên kho mã:")
    print(f"  {newsite.install_command(named and wheel is None)}")
    print("  mkdocs build --strict")
    print(
        f"  git add {vendoring.REQUIREMENTS} {vendoring.VENDOR} && git commit -m 'Nâng cấp mkdocs-policy-drafts {version}'"
    )
    return 0


# -- serve ---------------------------------------------------------------------------------------


def run_serve(args) -> int:

    from .upstream import MATERIAL_EOL, SWITCH

    silenced = SWITCH in os.environ  # read before Material is imported: the import sets it
    site = Site(args.config_file)
    env = {k: v for k, v in os.environ.items() if k != PREVIEW_AT}
    if not silenced:
        # Material's English end-of-life box, on every start: one Vietnamese line instead.
        env[SWITCH] = "1"
        print(MATERIAL_EOL, file=sys.stderr)
    if args.at:
        try:
            at = parse_moment(args.at, site.settings.timezone).at
        except BadMoment as error:
            raise CliError(f"--at: {error}" + (f" ({error.fix})" if error.fix else "")) from None
        env[PREVIEW_AT] = at.isoformat()
        print(f"Xem trước trang như vào lúc {vi_datetime(at)}.", file=sys.stderr)
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(Path(args.config_file))]
    if not args.full:
        if default_dir(site.root) is None:
            # No ledger without the draft cache: a dirty rebuild would render every page anyway and
            # keep a deleted draft's pages (publish/ledger.py).
            print(f"{CACHE_DIR}=off: mỗi lần thay đổi, toàn bộ trang được dựng lại.", file=sys.stderr)
        else:
            command.append("--dirty")  # only what changed; the plugin says why MkDocs's warning does not apply
    if args.dev_addr:
        command += ["--dev-addr", args.dev_addr]
    if args.open:
        command.append("--open")
    sys.stdout.flush()
    sys.stderr.flush()
    # This process becomes mkdocs serve: stopping it (Ctrl+C, a signal) stops the server too.
    os.execve(sys.executable, command, env)


# -- list ----------------------------------------------------------------------------------------


def run_list(args) -> int:
    site = Site(args.config_file)
    now = now_instant()
    if args.at:
        try:
            now = parse_moment(args.at, site.settings.timezone).at
        except BadMoment as error:
            raise CliError(f"--at: {error}") from None
    entries = site.catalog().entries
    shown = [e for e in entries if args.withheld or not e.secret]
    rows = [_row(entry, now, site.settings) for entry in shown]
    hidden = len(entries) - len(shown)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "at": now.astimezone(site.settings.timezone).isoformat(),
                    "drafts": rows,
                    "withheld_not_shown": hidden,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    local = now.astimezone(site.settings.timezone)
    print(f"Các dự thảo lúc {vi_datetime(local)} (giờ Việt Nam):")
    width = max((len(r["id"]) for r in rows), default=2)
    label_width = max((len(r.get("label") or "") for r in rows), default=10)
    for r in rows:
        label = r.get("label") or "–"
        print(f"  {r['id']:<{width}}  {label:<{label_width}}  {r['visibility_text']:<36}  {r['next'] or ''}".rstrip())
    if hidden:
        print(f"  (và {hidden} dự thảo bí mật nhà nước không được liệt kê; xem bằng --withheld trên máy của bạn)")
    return 0


def _row(entry: Entry, now: datetime, settings: Settings) -> dict:
    visibility = entry.visibility(now)
    row = {"id": entry.id, "path": entry.path, "visibility": visibility.value, "status": None, "next": None}
    draft = entry.draft
    until = vi_datetime(draft.visible_from) if draft else ""
    row["visibility_text"] = VISIBILITY_TEXT[visibility].format(until=until)
    if draft is None:
        row["next"] = f"{len(entry.problems)} lỗi: chạy policy-drafts check {entry.path}"
        return row
    state = state_at(
        draft, now, closing_soon_days=settings.closing_soon_days, response_due_days=settings.response_due_days
    )
    row["status"] = state.status.value + ("+closing-soon" if state.closing_soon else "")
    row["label"] = STATUS_INFO[state.status].label + (f" ({CLOSING_SOON_LABEL.lower()})" if state.closing_soon else "")
    if state.status is Status.OPEN:
        row["next"] = f"hạn góp ý {vi_datetime(state.current.deadline)}"
    elif state.status is Status.UPCOMING:
        row["next"] = f"bắt đầu lấy ý kiến {vi_datetime(state.current.opens)}"
    elif state.status is Status.CLOSED and state.response_due:
        late = " (đã quá hạn)" if state.overdue else ""
        row["next"] = f"hạn công bố tiếp thu, giải trình {vi_datetime(state.response_due)}{late}"
    if visibility is Visibility.EMBARGOED:
        row["next"] = f"công bố lúc {until}"
    return row


if __name__ == "__main__":
    sys.exit(main())
