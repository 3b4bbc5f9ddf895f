"""The `drafting draft` command: write sections 一、五、六 into the report file, streaming to the terminal.

Registering the command imports nothing heavy: the model client (openai, langchain), the prompts and the
gate are imported when the command runs, so that `drafting check|render|import` start fast.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafting.errors import DraftingError, LLMError
from drafting.findings import Severity
from drafting.model import SECTION_HEADINGS, SECTION_IDS, Report, SectionId, load_report, save_report

if TYPE_CHECKING:
    from drafting.narrative.draft import DraftResult, RetryPolicy

# The app's secrets file, relative to the folder the command runs in (as `streamlit run` reads it).
SECRETS_FILE = Path(".streamlit") / "secrets.toml"


def add_parser(subparsers: Any) -> None:
    """Register `drafting draft`."""
    parser = subparsers.add_parser(
        "draft",
        help="起草正文第一、五、六部分（边生成边显示），作为新版本保存到报告文件；"
        "草稿有错误级问题、或模型的回复不完整（只保存为“不完整草稿”）时退出码为 1",
    )
    parser.add_argument("file", metavar="报告.json", help="年报数据文件 .json")
    parser.add_argument("--section", choices=SECTION_IDS, help="只起草这一部分（默认一、五、六全部）")
    parser.add_argument("--offline", action="store_true", help="不调用大模型，使用离线起草")
    parser.add_argument(
        "-o", "--output", metavar="文件", help="保存到另一个文件（默认写回原文件；不会覆盖已有的其他文件）"
    )
    parser.add_argument("--force", action="store_true", help="已锁定的部分也重新起草并保存")
    parser.add_argument(
        "--allow-marked", action="store_true", help="内容含“秘密”“内部资料”等标志时，仍发送给非本地的模型接口"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Draft the chosen sections one by one; each finished section is saved at once."""
    from drafting.narrative.draft import RetryPolicy, save_draft
    from drafting.narrative.llm import model_name

    report = load_report(args.file)
    _refuse_to_clobber(args.file, args.output)
    model, policy = (None, RetryPolicy()) if args.offline else _configured_model()
    target = args.output or args.file
    sections: list[SectionId] = [args.section] if args.section else list(SECTION_IDS)
    problems = 0
    for section in sections:
        heading = SECTION_HEADINGS[section]
        if report.sections[section].locked and not args.force:
            print(f"{heading}：已锁定，跳过（如需重新起草请加 --force）")
            continue
        result = _draft_one(report, section, model, policy, args.allow_marked)
        save_draft(report, section, result, force=args.force)
        save_report(report, target)
        problems += _problems(result)
    origin = "离线起草" if model is None else f"模型 {model_name(model)}"
    print(f"已保存到 {target}（{origin}）。")
    return 1 if problems else 0


def _problems(result: DraftResult) -> int:
    """What makes the command exit 1: an incomplete reply, or error-level findings on a saved draft."""
    if not result.complete:
        return 1
    return sum(1 for f in result.findings if f.severity is Severity.ERROR)


def _refuse_to_clobber(source: str, output: str | None) -> None:
    """Writing back into the report itself is the normal case; replacing another existing file is not."""
    if output and Path(output).exists() and Path(output).resolve() != Path(source).resolve():
        msg = f"文件 {output} 已存在，为免覆盖其中的数据未做任何修改；请换一个文件名，或不加 -o 直接写回 {source}"
        raise DraftingError(msg)


def _configured_model() -> tuple[Any, RetryPolicy]:
    """The chat model and retry policy from the environment and .streamlit/secrets.toml; no model means offline."""
    from drafting.narrative.draft import RetryPolicy
    from drafting.narrative.llm import build_chat_model
    from drafting.settings import load_settings

    settings = load_settings(read_secrets(SECRETS_FILE))
    model = build_chat_model(settings)
    if model is None:
        print(
            f"未配置模型接口（环境变量 DRAFTING_BASE_URL 或 DRAFTING_PRESET，或 {SECRETS_FILE}），使用离线起草。",
            file=sys.stderr,
        )
    return model, RetryPolicy.from_settings(settings)


def read_secrets(path: Path) -> dict[str, Any] | None:
    """The settings in the app's secrets.toml, or None when there is none; the file's values are never shown.

    Raises:
        SettingsError: the file exists but cannot be read or is not valid TOML (the message gives the line).
    """
    from drafting.settings import SettingsError

    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        return None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第 {where[1]} 行第 {where[2]} 列" if where else ""
        msg = f"{path} {at}格式有误：请对照 .streamlit/secrets.toml.example 修改（文字值要加英文双引号）"
        raise SettingsError(msg) from None
    except (OSError, UnicodeDecodeError):
        msg = f"无法读取 {path}：请检查它是 UTF-8 文本并且有读权限"
        raise SettingsError(msg) from None


def _draft_one(report: Report, section: SectionId, model: Any, policy: RetryPolicy, allow_marked: bool) -> DraftResult:
    from drafting.narrative.draft import draft_section, incomplete_message
    from drafting.narrative.llm import model_endpoint, outbound_markings

    stream = draft_section(report, section, model, policy=policy)
    if stream.prompt is not None and not allow_marked:
        markings = outbound_markings(model, stream.prompt.text)
        if markings:
            msg = (
                f"要发送给 {model_endpoint(model)} 的内容含有“{'”“'.join(markings)}”等标志，已停止，未发送。"
                "请删除这些内容，或改用本地模型、--offline；确认可以发送时加 --allow-marked"
            )
            raise LLMError(msg)
    print(SECTION_HEADINGS[section])
    try:
        for chunk in stream:
            print(chunk, end="", flush=True)
    finally:
        print(flush=True)  # end the partial line before an error message
    result = stream.result
    if result.complete:
        _print_checks(result)
    else:
        print(
            f"{SECTION_HEADINGS[section]}：{incomplete_message(result.version)}"
            "可在应用的“起草”页查看、复制这段文字，或重新运行本命令生成。",
            file=sys.stderr,
        )
    print()
    return result


def _print_checks(result: DraftResult) -> None:
    for finding in result.findings:
        print(f"  {finding}")
    for sim in result.similarities:
        print(f"  {sim.describe()}")
    if not result.findings:
        print("  检查通过：数字均有来源，未发现问题。")
