"""The start-up baseline: a bare PySide6 program that shows one QLabel, prints ``painted``
at its first paint and quits. Same Python, same Qt, same platform plugin as the app it is
compared with."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel


class _Label(QLabel):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        print("painted", flush=True)
        QTimer.singleShot(0, QApplication.quit)


def main() -> int:
    app = QApplication(sys.argv[:1])
    label = _Label("Comprimato Companion")
    label.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
