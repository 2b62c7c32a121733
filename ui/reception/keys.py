"""Window-part shortcuts: a key that works while the focus is anywhere inside ``scope``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from counter_app.i18n import tr


def key(scope: QWidget, keys: str, slot: Callable[[], object]) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), scope)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def keyed(text: str, keys: str) -> str:
    """A button label naming its key, e.g. "受理 (Ctrl+S)"."""
    label = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return tr("{t} ({k})", t=text, k=label)


def action_button(text: str, keys: str, scope: QWidget) -> QPushButton:
    """A button with its key; Enter on the focused button presses it too."""
    button = QPushButton(keyed(text, keys), scope)
    button.setAutoDefault(True)
    key(scope, keys, lambda: button.click() if button.isEnabled() else None)
    return button


class QuietEnterDialog(QDialog):
    """A dialog where a stray Enter does nothing by itself.

    QDialog presses its default button on any unhandled Enter, also one that an item editor
    is still committing or that a scanner sent; here each field says what its Enter does.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)


@dataclass(frozen=True)
class KeyUse:
    """One key of the counter and its one meaning; ``labels`` are the button texts (without
    the key) that may carry it, ``where`` the tabs or dialogs that use it."""

    key: str
    meaning: str
    labels: tuple[str, ...]
    where: str


# Every shortcut of the counter's tabs (信息窗口, 受理, 审批, 送达, 叫号) and of the window, one
# meaning each (docs/decisions/0017-one-meaning-per-key.md; 帮助 → 快捷键一览). A key of a
# button on those tabs must be listed here with the button's label (tests/ui/test_counter_keys).
COUNTER_KEYS: tuple[KeyUse, ...] = (
    KeyUse("Ctrl+1", tr("切换到第 1~7 个标签页（Ctrl+1…Ctrl+7）"), (), tr("整个窗口")),
    KeyUse("Ctrl+L", tr("注销"), (), tr("整个窗口")),
    KeyUse("Ctrl+Q", tr("退出"), (), tr("整个窗口")),
    KeyUse("F1", tr("叫下一位（F1~F9 为叫号键，见叫号页）"), (tr("叫下一位"),), tr("整个窗口")),
    KeyUse("F2", tr("重呼"), (tr("重呼"),), tr("整个窗口")),
    KeyUse("F3", tr("过号"), (tr("过号"),), tr("整个窗口")),
    KeyUse("F4", tr("转移"), (tr("转移"),), tr("整个窗口")),
    KeyUse("F5", tr("办结"), (tr("办结"),), tr("整个窗口")),
    KeyUse("F6", tr("开始办理"), (tr("开始办理"),), tr("整个窗口")),
    KeyUse("F7", tr("暂挂"), (tr("暂挂"),), tr("整个窗口")),
    KeyUse("F8", tr("回呼暂挂号"), (tr("回呼暂挂号"),), tr("整个窗口")),
    KeyUse("F9", tr("暂停/恢复窗口"), (tr("暂停/恢复"),), tr("整个窗口")),
    KeyUse("F10", tr("按号码叫号"), (), tr("叫号")),
    KeyUse("Ctrl+O", tr("开窗"), (tr("开窗"),), tr("叫号")),
    KeyUse("Ctrl+H", tr("确认已交号票"), (tr("确认已交号票"),), tr("叫号")),
    KeyUse(
        "Ctrl+S",
        tr("确认办理：受理、准予、收费确认、补正"),
        (tr("受理"), tr("还需填写"), tr("还缺材料"), tr("准予"), tr("确认收费"), tr("补正")),
        tr("受理、审批、案件窗口、收费窗口"),
    ),
    KeyUse(
        "Ctrl+I",
        tr("告知补正：一次性告知、退回补正"),
        (tr("一次性告知"), tr("退回补正")),
        tr("受理、审批"),
    ),
    KeyUse(
        "Ctrl+J",
        tr("不予：不予受理、不予许可"),
        (tr("不予受理"), tr("不予许可")),
        tr("受理、审批、案件窗口"),
    ),
    KeyUse(
        "Ctrl+E",
        tr("打开案件（输入或扫描的编号、选中的或刚保存的案件）"),
        (tr("打开案件"), tr("查看案件"), tr("查找")),
        tr("受理、审批、送达"),
    ),
    KeyUse("Ctrl+F", tr("到搜索框"), (), tr("信息窗口、受理")),
    KeyUse("Ctrl+R", tr("刷新"), (tr("刷新"),), tr("审批、送达")),
    KeyUse("Ctrl+N", tr("新受理（清空表单）"), (tr("新受理"),), tr("受理")),
    KeyUse("Ctrl+B", tr("一件事套餐"), (tr("一件事套餐"),), tr("受理")),
    KeyUse("Ctrl+T", tr("到材料清单"), (), tr("受理")),
    KeyUse("Ctrl+Shift+T", tr("材料全部勾选为已收（再用空格取消缺的）"), (), tr("受理")),
    KeyUse("Ctrl+Shift+N", tr("添加清单外的材料"), (), tr("受理")),
    KeyUse("Ctrl+G", tr("收费"), (tr("收费"),), tr("受理、案件窗口")),
    KeyUse("Ctrl+Shift+G", tr("补打收费票据"), (tr("补打收费票据"),), tr("案件窗口")),
    KeyUse("Ctrl+P", tr("打印当前文书"), (tr("打印"),), tr("受理、审批、送达、案件窗口")),
    KeyUse("Ctrl+Shift+P", tr("补打本案文书"), (tr("补打"), tr("打印")), tr("案件窗口")),
    KeyUse("Ctrl+Shift+S", tr("另存为 PDF"), (tr("另存为 PDF"),), tr("受理、审批、送达")),
    KeyUse("Ctrl+Shift+V", tr("显示完整信息"), (tr("显示完整信息"),), tr("案件窗口")),
    KeyUse("Ctrl+Shift+E", tr("开始审查"), (tr("开始审查"),), tr("审批")),
    KeyUse("Ctrl+Shift+F", tr("转外部机关"), (tr("转外部机关"),), tr("审批")),
    KeyUse("Ctrl+Shift+I", tr("补正材料已收到"), (tr("补正材料已收到"),), tr("审批")),
    KeyUse("Ctrl+D", tr("延期"), (tr("延期"),), tr("审批")),
    KeyUse("Ctrl+W", tr("窗口领取"), (tr("窗口领取"),), tr("送达")),
    KeyUse("Ctrl+M", tr("邮寄"), (tr("邮寄"),), tr("送达")),
    KeyUse("Ctrl+Shift+D", tr("妥投"), (tr("妥投"),), tr("送达 → 邮寄清单")),
    KeyUse("Ctrl+Shift+R", tr("邮件退回"), (tr("退回"),), tr("送达 → 邮寄清单")),
    KeyUse("Ctrl+Shift+Y", tr("录入运单号"), (tr("录入运单号"),), tr("送达 → 邮寄清单")),
    KeyUse("Ctrl+Shift+L", tr("生成邮寄清单"), (tr("生成邮寄清单"),), tr("送达 → 邮寄清单")),
    # Enter confirms the form it is pressed in, whatever its button says ("" matches any).
    KeyUse("Enter", tr("确定本表单，或到下一项"), ("",), tr("各页")),
    KeyUse("Ctrl+Return", tr("确定（多行输入框中）"), (), tr("审批、送达的表单")),
    KeyUse("Ctrl+Enter", tr("确定（小键盘回车）"), (), tr("审批、送达的表单")),
    KeyUse("Esc", tr("取消或返回"), (tr("返回列表"), tr("取消"), tr("关闭")), tr("各页")),
    # Alt+digit picks the page's n-th choice, whatever it is called ("" matches any label).
    KeyUse("Alt+1", tr("本页第 1~4 个选项或分页（Alt+1…Alt+4）"), ("",), tr("各页")),
    KeyUse("Alt+D", tr("代办（代理人/经办人）"), (tr("代办"),), tr("受理")),
    KeyUse(
        "Alt+P",
        tr("保存后立即打印通知书（勾选或取消）"),
        (tr("保存后立即打印通知书"),),
        tr("受理"),
    ),
    KeyUse("Alt+C", tr("到收费方式"), (), tr("收费窗口")),
)
NUMBERED = {"Ctrl+1": [f"Ctrl+{n}" for n in range(2, 10)], "Alt+1": ["Alt+2", "Alt+3", "Alt+4"]}


def key_table() -> dict[str, KeyUse]:
    """Key -> its use; Ctrl+2..9 and Alt+2..4 share the numbered entries' meaning."""
    table = {use.key: use for use in COUNTER_KEYS}
    for first, others in NUMBERED.items():
        table.update(dict.fromkeys(others, table[first]))
    return table


def key_table_text() -> str:
    """The table as the help shows it: key, meaning, where."""
    return "\n".join(f"{u.key:<14}{u.meaning}（{u.where}）" for u in COUNTER_KEYS)


def show_key_help(parent: QWidget) -> QDialog:
    """帮助 → 快捷键一览: the table above in a dialog (Esc closes it)."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout

    dialog = QDialog(parent)
    dialog.setWindowTitle(tr("快捷键一览：每个键在各标签页只有一种含义"))
    text = QPlainTextEdit(key_table_text(), dialog)
    text.setReadOnly(True)
    font = QFont(text.font())
    font.setStyleHint(QFont.StyleHint.Monospace)
    text.setFont(font)
    QVBoxLayout(dialog).addWidget(text)
    dialog.resize(760, 560)
    dialog.show()
    return dialog
