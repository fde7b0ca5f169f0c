"""The dashboard (SPEC §7): QtCharts over clientbook.core.dashboard / rfm figures.

Every chart clicks through: `show_clients` carries the segment definition of what was clicked, and the
main window filters the client list by it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from clientbook.core import dashboard, rfm
from clientbook.core.dashboard import Bar
from clientbook.core.vault import Vault

TEMPERATURE_COLORS = {"hot": "#d9534f", "warm": "#f0ad4e", "cold": "#5bc0de", "": "#bbbbbb"}


class Dashboard(QWidget):
    show_clients = Signal(object)  # a segment definition (dict) or a list of client ids
    DEFAULT_SIZE = (1280, 820)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(self.tr("Dashboard"))
        self.grid = QGridLayout(self)
        self.temperature_series = QPieSeries()
        self.status_series = QBarSeries()
        self.pareto_series = QLineSeries()
        self.new_clients_series = QBarSeries()
        self.revenue_series = QBarSeries()
        self.rfm_table = QTableWidget(5, 5)
        self.targets: dict[str, list[Bar]] = {}
        self.refresh()

    def _labels(self) -> dict[str, str]:
        return {"hot": self.tr("hot"), "warm": self.tr("warm"), "cold": self.tr("cold"), "": self.tr("not set"),
                "lead": self.tr("lead"), "active": self.tr("active"), "former": self.tr("former"),
                "problem": self.tr("problem")}

    def refresh(self) -> None:
        with self.vault.session() as s:
            temps = dashboard.by_temperature(s)
            statuses = dashboard.by_status(s)
            new = dashboard.new_clients_by_month(s)
            revenue = dashboard.revenue_by_month(s)
            curve = rfm.pareto_curve(s)
            grid = rfm.rfm_grid(s)
        self.targets = {"temperature": temps, "status": statuses, "new": new, "revenue": revenue}
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        labels = self._labels()
        self.grid.addWidget(self._pie(temps, labels), 0, 0)
        self.grid.addWidget(self._bars(self.tr("Clients by status"), statuses, "status", labels), 0, 1)
        self.grid.addWidget(self._pareto(curve), 0, 2)
        self.grid.addWidget(self._bars(self.tr("New clients by month"), new, "new", {}), 1, 0)
        self.grid.addWidget(self._bars(self.tr("Revenue by month, ₽"), revenue, "revenue", {}), 1, 1)
        self.grid.addWidget(self._rfm(grid), 1, 2)

    # ---- charts ------------------------------------------------------------------------------
    def _view(self, chart: QChart) -> QChartView:
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumSize(300, 240)
        return view

    def _pie(self, bars: list[Bar], labels: dict[str, str]) -> QChartView:
        self.temperature_series = QPieSeries()
        for bar in bars:
            pie_slice = self.temperature_series.append(f"{labels.get(bar.label, bar.label)}: {int(bar.value)}",
                                                       bar.value)
            pie_slice.setColor(QColor(TEMPERATURE_COLORS.get(bar.label, "#999999")))
            pie_slice.clicked.connect(lambda target=bar.target: self.show_clients.emit(target))
        chart = QChart()
        chart.setTitle(self.tr("Clients by temperature"))
        chart.addSeries(self.temperature_series)
        return self._view(chart)

    def _bars(self, title: str, bars: list[Bar], key: str, labels: dict[str, str]) -> QChartView:
        series = QBarSeries()
        values = QBarSet(title)
        values.append([float(b.value) for b in bars])
        series.append(values)
        series.clicked.connect(lambda index, _set, key=key: self.click_bar(key, int(index)))
        setattr(self, {"status": "status_series", "new": "new_clients_series", "revenue": "revenue_series"}[key],
                series)
        chart = QChart()
        chart.setTitle(title)
        chart.addSeries(series)
        chart.legend().hide()
        axis_x = QBarCategoryAxis()
        axis_x.append([labels.get(b.label, b.label[2:] if key != "status" else b.label) for b in bars])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, max([float(b.value) for b in bars] + [1.0]) * 1.1)
        axis_y.setLabelFormat("%.0f")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return self._view(chart)

    def click_bar(self, key: str, index: int) -> None:
        bars = self.targets.get(key, [])
        if 0 <= index < len(bars):
            self.show_clients.emit(bars[index].target)

    def _pareto(self, curve: list[rfm.ParetoPoint]) -> QChartView:
        self.pareto_series = QLineSeries()
        self.pareto_series.setName(self.tr("share of revenue"))
        for point in curve:
            self.pareto_series.append(QPointF(point.client_share * 100, point.revenue_share * 100))
        self.pareto_series.setPointsVisible(True)
        self.pareto_series.clicked.connect(self.click_pareto)
        chart = QChart()
        chart.setTitle(self.tr("Revenue Pareto: % of buyers → % of revenue"))
        chart.addSeries(self.pareto_series)
        chart.legend().hide()
        for align, title in ((Qt.AlignmentFlag.AlignBottom, self.tr("% of buyers")),
                             (Qt.AlignmentFlag.AlignLeft, self.tr("% of revenue"))):
            axis = QValueAxis()
            axis.setRange(0, 100)
            axis.setTitleText(title)
            axis.setLabelFormat("%.0f")
            chart.addAxis(axis, align)
            self.pareto_series.attachAxis(axis)
        return self._view(chart)

    def click_pareto(self, point: QPointF) -> None:
        """The top buyers up to the clicked share (at least 1 %)."""
        share = min(1.0, max(0.01, round(point.x()) / 100))
        self.show_clients.emit({"kind": "top_revenue", "share": share})

    def _rfm(self, grid: dict[tuple[int, int], int]) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("RFM: recency (rows, 5 = recent) × frequency (columns)")))
        self.rfm_table = QTableWidget(5, 5)
        self.rfm_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rfm_table.setVerticalHeaderLabels([f"R{r}" for r in range(5, 0, -1)])
        self.rfm_table.setHorizontalHeaderLabels([f"F{f}" for f in range(1, 6)])
        top = max(grid.values(), default=1) or 1
        for row, r in enumerate(range(5, 0, -1)):
            for col, f in enumerate(range(1, 6)):
                count = grid.get((r, f), 0)
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                shade = 255 - int(155 * count / top)
                item.setBackground(QColor(shade, 255 - int(80 * count / top), shade))
                item.setToolTip(rfm.classify(r, f, 3).replace("_", " "))
                self.rfm_table.setItem(row, col, item)
        self.rfm_table.cellClicked.connect(self.click_rfm)
        layout.addWidget(self.rfm_table)
        return box

    def click_rfm(self, row: int, col: int) -> None:
        self.show_clients.emit(self.rfm_target(row, col))

    @staticmethod
    def rfm_target(row: int, col: int) -> dict[str, Any]:
        return {"kind": "rfm", "r": 5 - row, "f": col + 1}
