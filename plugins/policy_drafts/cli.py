"""`policy-drafts`: the editors' command line (new, check, list).

It reads the same mkdocs.yml and runs the same validation as `mkdocs build`, so what
`check` reports is exactly what would stop the build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from .catalog import Catalog, Entry, Visibility, load_catalog, withheld_notice
from .clock import PREVIEW_AT, BadMoment, build_instant, parse_moment
from .config import ConfigProblems, drafts_dir_problem, placeholder_warnings, settings_from_config
from .consultation import CLOSING_SOON_LABEL, STATUS_INFO, Status, state_at
from .formatting import vi_datetime
from .markup import MarkdownSettings
from .model import is_valid_id
from .problems import Problem
from .registries import Settings
from .schema import REGISTRY_NAMES, json_schema, template
from .text import forbidden_character, slugify

ARCHETYPE = Path(__file__).parent / "archetypes" / "draft.md"
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
        help="phiên bản mkdocs-policy-drafts mà pipeline cài (ghi vào requirements.txt): một yêu cầu pip như "
        "mkdocs-policy-drafts==1.2.0 (mặc định: phiên bản đang dùng) hoặc một thẻ git như "
        "git+https://git.example.gov.vn/cntt/mkdocs-policy-drafts.git@v1.2.0",
    )
    init.set_defaults(run=run_init, config_file=None)

    serve = commands.add_parser(
        "serve",
        help="xem trước trang trên máy của bạn (mkdocs serve), có thể tại một thời điểm chọn trước",
        description="Chạy mkdocs serve. Với --at, trang hiện như vào thời điểm đó, kể cả dự thảo hẹn giờ công "
        "bố sau, với dải “BẢN XEM TRƯỚC” trên mọi trang; lỗi trong dự thảo hiện ngay trong trình duyệt.",
    )
    serve.add_argument("--at", help="thời điểm xem trước, ví dụ 2026-12-01 hoặc 2026-12-01T08:00 (giờ của trang)")
    serve.add_argument("-a", "--dev-addr", help="địa chỉ và cổng, ví dụ 127.0.0.1:8000 (mặc định: như mkdocs serve)")
    serve.add_argument("--open", action="store_true", help="mở trình duyệt khi trang sẵn sàng")
    serve.set_defaults(run=run_serve)
    return parser


# -- the site ------------------------------------------------------------------------------------


class SiteConfig:
    """The policy-drafts part of mkdocs.yml, validated as `mkdocs build` validates it."""

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
        markdown = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs or {}))
        try:
            self.settings: Settings = settings_from_config(plugin.config, markdown)
        except ConfigProblems as error:
            raise CliError(f"{config_file}:\n{error}") from None
        self.root = path.resolve().parent
        self.drafts_dir: str = plugin.config.drafts_dir
        self.site_url: str = config.site_url or ""
        self.site_name: str = config.site_name
        self.email_alerts: dict = dict(plugin.config.email_alerts)
        overlap = drafts_dir_problem(self.root, self.drafts_dir, config.docs_dir)
        if overlap:
            raise CliError(f"{config_file}:\n{overlap}")
        site = {"site_name": config.site_name, "site_url": self.site_url, "copyright": config.copyright or ""}
        source = path.read_text(encoding="utf-8", errors="replace")
        self.warnings = placeholder_warnings(config_file, plugin.config, site, source)

    def catalog(self, only: set[str] | None = None) -> Catalog:
        return load_catalog(self.root, self.drafts_dir, self.settings, only)

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
    return at or datetime.now(timezone.utc)


# -- new -----------------------------------------------------------------------------------------


def run_new(args) -> int:
    site = SiteConfig(args.config_file)
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


# -- check ---------------------------------------------------------------------------------------


def run_check(args) -> int:
    site = SiteConfig(args.config_file)
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
    stale = site.schema_problem()
    shown = (
        catalog.problems
        + catalog.warnings
        + site.warnings
        + ([stale] if stale else [])
        + (catalog.withheld_problems if args.withheld else [])
    )
    problems = sorted(shown, key=lambda p: (p.path, p.line or 0, p.field))
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
        for problem in problems:
            print(problem if problem in blocking else f"cảnh báo: {problem}")
        invalid = len({p.path.split("/")[1] if p.path.count("/") else p.path for p in blocking})
        warnings = len(problems) - len(blocking)
        print(
            f"Đã kiểm tra {len(catalog.entries)} dự thảo: "
            + (f"{len(blocking)} lỗi trong {invalid} dự thảo" if blocking else "không có lỗi")
            + (f", {warnings} cảnh báo" if warnings else ""),
            file=sys.stderr,
        )
    if hidden:
        print(withheld_notice(hidden), file=sys.stderr)
    return 1 if blocking or hidden else 0


def suggest_id(text: str) -> str:
    """'Học phí 2027' -> 'hoc-phi-2027': the id an editor probably meant."""
    return slugify(text)


def _gh(text: str) -> str:
    """Escape a GitHub workflow command value."""
    return (
        text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace("::", "%3A%3A")
    )


def _draft_id(path: str, site: SiteConfig) -> str:
    parts = Path(path).parts
    if parts and parts[-1] == "index.md":
        parts = parts[:-1]
    if not parts:
        raise CliError(f"'{path}' không phải là thư mục dự thảo")
    return parts[-1]


# -- digest --------------------------------------------------------------------------------------


def run_digest(args) -> int:
    from .digest import BadState

    try:
        return _digest(args)
    except BadState as error:  # the state file: one readable line, never a traceback
        raise CliError(str(error)) from None


def _digest(args) -> int:
    from urllib.parse import urlsplit

    from .digest import DEFAULT_SINCE, State, message, new_events, render, send
    from .render import make_environment
    from .site import SiteModel, Urls

    site = SiteConfig(args.config_file)
    now = now_instant().astimezone(site.settings.timezone)
    state = State.load(Path(args.state) if args.state else None)
    if args.since:
        try:
            since = parse_moment(args.since, site.settings.timezone).at
        except BadMoment as error:
            raise CliError(f"--since: {error}") from None
    else:
        since = state.last or now - DEFAULT_SINCE
    model = SiteModel(site.catalog().published(now), site.settings, now, Urls(site_url=site.site_url))
    events = new_events(model, since, state.sent)
    alerts = site.email_alerts
    digest = render(
        model,
        make_environment(),
        site.site_name,
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
    to = args.to or ([alerts["to"]] if isinstance(alerts.get("to"), str) else list(alerts.get("to") or []))
    sender = str(alerts.get("from") or "")
    if args.send and (not to or not sender):
        raise CliError("khai báo email_alerts.from và email_alerts.to trong mkdocs.yml (hoặc dùng --to)")
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
    site = SiteConfig(args.config_file)
    (site.root / SCHEMA_FILE).write_text(site.schema_text(), encoding="utf-8")
    print(f"Đã ghi {SCHEMA_FILE}: dự thảo mới (policy-drafts new) trỏ tới tệp này.", file=sys.stderr)
    return 0


# -- init ----------------------------------------------------------------------------------------


def run_init(args) -> int:
    from importlib.metadata import PackageNotFoundError, version

    from . import newsite
    from .urls import EMAIL, judge

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
    if not spec:
        try:
            spec = f"mkdocs-policy-drafts=={version('mkdocs-policy-drafts')}"
        except PackageNotFoundError:  # pragma: no cover - running from a source tree not installed
            spec = "mkdocs-policy-drafts"
    if spec.startswith("-"):
        raise CliError(f"--package: '{spec}' không phải là một yêu cầu pip")
    today = now_instant().astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()  # the scaffold's time zone
    site = newsite.new_site(
        today=today, package_spec=spec, agency=args.agency, name=args.name, url=args.url, email=args.email
    )
    files = newsite.scaffold_files(site)
    taken = newsite.occupied(folder, files)
    if taken:
        raise CliError(f"{folder} đã có {', '.join(taken)}; init không ghi đè tệp nào (chọn thư mục trống)")
    newsite.write(folder, files)
    # The front matter's schema from the new mkdocs.yml (read as `mkdocs build` reads it).
    created = SiteConfig(str(folder / "mkdocs.yml"))
    (folder / SCHEMA_FILE).write_text(created.schema_text(), encoding="utf-8")
    print(f"Đã tạo trang mới trong {folder}/ ({len(files) + 1} tệp). Tiếp theo:")
    print(f"  cd {folder}")
    print("  pip install -r requirements.txt   # nếu máy này chưa cài")
    print("  policy-drafts serve               # xem trang tại http://127.0.0.1:8000/")
    print("  policy-drafts check               # liệt kê chữ mẫu còn phải điền trong mkdocs.yml")
    print("Đọc README.md trong thư mục mới để đưa trang lên GitHub Pages hoặc GitLab Pages.")
    return 0


# -- serve ---------------------------------------------------------------------------------------


def run_serve(args) -> int:

    site = SiteConfig(args.config_file)
    env = {k: v for k, v in os.environ.items() if k != PREVIEW_AT}
    if args.at:
        try:
            at = parse_moment(args.at, site.settings.timezone).at
        except BadMoment as error:
            raise CliError(f"--at: {error}" + (f" ({error.fix})" if error.fix else "")) from None
        env[PREVIEW_AT] = at.isoformat()
        print(f"Xem trước trang như vào lúc {vi_datetime(at)}.", file=sys.stderr)
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(Path(args.config_file))]
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
    site = SiteConfig(args.config_file)
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
