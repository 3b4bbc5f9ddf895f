"""The `drafting` command line: new, check, render, and the draft and import commands."""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from drafting.cli_args import refuse_existing, year_argument
from drafting.errors import DraftingError
from drafting.model import (
    AGENCY_KINDS,
    SECTION_HEADINGS,
    SECTION_IDS,
    Report,
    load_report,
    new_report,
    report_to_json,
    save_report,
    unwritable,
)

# Modules that add a sub-command through `add_parser(subparsers)`; each owns its command.
EXTENSIONS: tuple[str, ...] = (
    "drafting.io.importer.cli",
    "drafting.narrative.draft_cli",
    "drafting.review.cli",
    "drafting.accounts.cli",
    "drafting.io.store_cli",
)
# The commands defined here: running one needs no extension, so it starts without loading the importer.
OWN_COMMANDS: tuple[str, ...] = ("new", "check", "render")

Handler = Callable[[argparse.Namespace], int]
RENDER_FORMATS = ("txt", "md", "html", "docx")

# argparse's own English messages (its gettext templates) and their Chinese wording. A message that matches
# none of them is shown as argparse wrote it.
ARGPARSE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "参数 %(argument_name)s：%(message)s"),
    ("the following arguments are required: %s", "缺少必填的参数 %s"),
    ("unrecognized arguments: %s", "不认识的参数 %s"),
    ("invalid choice: %(value)r (choose from %(choices)s)", "“%(value)s”不是可选的值，可选：%(choices)s"),
    ("invalid %(type)s value: %(value)r", "“%(value)s”不是%(type)s"),
    ("expected one argument", "后面要跟一个值"),
    ("expected at most one argument", "后面最多跟一个值"),
    ("expected at least one argument", "后面至少要跟一个值"),
    ("not allowed with argument %s", "不能与 %s 同时使用"),
    ("ignored explicit argument %r", "不接受值 %r"),
    ("one of the arguments %s is required", "需要以下参数之一：%s"),
    ("ambiguous option: %(option)s could match %(matches)s", "选项 %(option)s 不明确，可能是 %(matches)s"),
)
_TYPE_NAMES = {"int": "整数", "float": "数字"}
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[rs]")


def _template_pattern(template: str) -> re.Pattern[str]:
    """A regex for an argparse template: each %s, %r or %(name)s/r placeholder captures text."""
    parts = _PLACEHOLDER.split(template)  # literal, name, literal, name, …
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part or f'_{i}'}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


_PATTERNS = tuple((_template_pattern(en), zh) for en, zh in ARGPARSE_MESSAGES)


def translate_argparse(message: str) -> str:
    """argparse's English error message in Chinese (nested ones too); unknown messages are returned as they are."""
    for pattern, chinese in _PATTERNS:
        match = pattern.match(message)
        if match:
            return _fill(chinese, {name: _plain(name, value) for name, value in match.groupdict().items()})
    return message


def _fill(template: str, values: dict[str, str]) -> str:
    """The template with %(name)s replaced by its value and each bare %s or %r by the next unnamed one."""
    unnamed = iter(value for name, value in values.items() if name.startswith("_"))
    parts = _PLACEHOLDER.split(template)
    return "".join(part if i % 2 == 0 else values[part] if part else next(unnamed) for i, part in enumerate(parts))


def _plain(name: str, value: str) -> str:
    """A captured value without Python's quotes, lists joined with 、, nested messages translated."""
    if name == "message":
        return translate_argparse(value)
    if name == "type":
        return _TYPE_NAMES.get(value, value)
    items = [item.strip().strip("'\"") for item in value.split(", ")]
    return "、".join(items)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help with a Chinese “用法：” line."""

    def add_usage(
        self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None = None
    ) -> None:
        """As argparse's, with 用法： instead of usage:."""
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its usage, help and error messages in Chinese; sub-command parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # the -h option is added below, with Chinese help
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        """Usage, then one Chinese line saying what is wrong and where the full help is; exit code 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{translate_argparse(message)}。用 {self.prog} -h 查看说明\n")


def build_parser(extensions: Sequence[str] = EXTENSIONS) -> argparse.ArgumentParser:
    """The argument parser with this module's sub-commands and those of the given extension modules."""
    parser = ChineseArgumentParser(prog="drafting", description="政府信息公开工作年度报告起草工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p_new = sub.add_parser("new", help="新建一份空白年报数据文件")
    p_new.add_argument("--agency", required=True, metavar="机关名称", help="机关名称，如 云岚市生态环境局")
    p_new.add_argument("--year", required=True, type=year_argument, metavar="年度", help="报告年度，如 2025")
    p_new.add_argument("--kind", choices=AGENCY_KINDS, default="部门", help="机关类型")
    p_new.add_argument("-o", "--output", metavar="文件", help="保存到此文件（默认输出到屏幕）")
    p_new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（原有数据会丢失）")
    p_new.set_defaults(func=_cmd_new)

    p_check = sub.add_parser("check", help="汇总并校验表格，列出问题；有错误时退出码为 1")
    p_check.add_argument("file", metavar="报告.json", help="年报数据文件 .json")
    p_check.set_defaults(func=_cmd_check)

    p_render = sub.add_parser("render", help="生成全文：txt、md、html 或 docx")
    p_render.add_argument("file", metavar="报告.json", help="年报数据文件 .json")
    p_render.add_argument(
        "--to",
        choices=RENDER_FORMATS,
        required=True,
        help="输出格式（要 PDF 时先生成 docx，再用 Word 或 WPS 另存为 PDF）",
    )
    p_render.add_argument("-o", "--output", metavar="文件", help="输出文件（docx 必填；其他格式默认输出到屏幕）")
    p_render.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（不会覆盖输入的报告文件）")
    p_render.set_defaults(func=_cmd_render)

    for name in extensions:
        importlib.import_module(name).add_parser(sub)
    return parser


def _cmd_new(args: argparse.Namespace) -> int:
    report = new_report(args.agency, args.year, args.kind)
    if args.output:
        refuse_existing(Path(args.output), args.force)
        save_report(report, args.output)
        print(f"已新建 {report.title}（{report.format} 格式）：{args.output}")
    else:
        print(report_to_json(report))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from drafting.findings import has_errors
    from drafting.tables.checks import run_checks

    report = load_report(args.file)
    findings = run_checks(report)
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == "error")
    print(f"共 {len(findings)} 条问题，其中错误 {errors} 条。" if findings else "校验通过：未发现问题。")
    return 1 if has_errors(findings) else 0


def _cmd_render(args: argparse.Namespace) -> int:
    from drafting.io.render import render

    if args.output:
        _refuse_input_as_output(Path(args.file), Path(args.output))
        refuse_existing(Path(args.output), args.force)
    report = load_report(args.file)
    output = render(report, args.to)
    if isinstance(output, bytes) or args.output:
        if not args.output:
            raise DraftingError("生成 docx 需要用 -o 指定输出文件，如 -o 年报.docx")
        _write(Path(args.output), output)
        print(f"已生成 {args.output}")
    else:
        print(output)
    _warn_unfinished(report, args.file)
    return 0


def _warn_unfinished(report: Report, file: str) -> None:
    """Say on stderr when the tables have errors or sections are unwritten: the output is not final yet."""
    from drafting.findings import Severity
    from drafting.tables.checks import run_checks

    errors = [f for f in run_checks(report) if f.severity is Severity.ERROR]
    if errors:
        print(
            f"注意：表格有 {len(errors)} 处错误（如：{errors[0].message}），生成的文件不宜定稿；"
            f"用 drafting check {file} 查看全部问题并改正",
            file=sys.stderr,
        )
    missing = "".join(f"“{SECTION_HEADINGS[s]}”" for s in SECTION_IDS if not report.sections[s].text.strip())
    if missing:
        print(
            f"注意：尚未撰写{missing}，生成的文件中这些部分暂为占位文字“（文字描述）”；可用 drafting draft {file} 起草",
            file=sys.stderr,
        )


def _refuse_input_as_output(source: Path, output: Path) -> None:
    """Rendering onto the report file itself would destroy its data, with or without --force."""
    if _same_file(source, output):
        msg = f"输出文件 {output} 就是输入的报告文件，写入会毁掉报告数据，未做任何修改；请用 -o 指定另一个文件名"
        raise DraftingError(msg)


def _same_file(a: Path, b: Path) -> bool:
    """Same file by resolved path, or by device and inode when both exist (a hard link)."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def _write(path: Path, output: str | bytes) -> None:
    try:
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8")
    except OSError as exc:
        raise DraftingError(unwritable(path, exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors print one Chinese line to stderr and exit 2, never a traceback."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(() if words and words[0] in OWN_COMMANDS else EXTENSIONS)
    if not words:
        parser.print_help(sys.stderr)
        print("错误：请写出要执行的命令，如 drafting check 年报.json", file=sys.stderr)
        return 2
    args = parser.parse_args(words)
    handler: Handler = args.func
    try:
        return handler(args)
    except DraftingError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
