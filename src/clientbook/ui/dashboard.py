"""The dashboard (SPEC §7): QtCharts over clientbook.core.dashboard / rfm figures.

Every chart clicks through: `show_clients` carries the segment definition of what was clicked, and the
main window filters the client list by it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clientbook.core import dashboard, rfm
from clientbook.core.dashboard import Bar
from clientbook.core.vault import Vault
from clientbook.ui.chart_axes import bucket_label, number_axis, ui_locale
from clientbook.ui.i18n import current_ui_language
from clientbook.ui.workers import Task, error_text, start

TEMPERATURE_COLORS = {"hot": "#d9534f", "warm": "#f0ad4e", "cold": "#5bc0de", "": "#bbbbbb"}


class Dashboard(QWidget):
    """The figures are read on two workers (counts, revenue) and drawn as each arrives, so the window
    opens at once and the GUI thread never waits on the database (4.5 s at 100 k clients before)."""

    show_clients = Signal(object)  # a segment definition (dict) or a list of client ids
    loaded = Signal()  # every chart of the chosen period is drawn
    DEFAULT_SIZE = (1280, 820)

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.ui_locale = ui_locale(current_ui_language())
        self.setWindowTitle(self.tr("Dashboard — Clientbook"))
        self.period_label = QLabel(self.tr("Period:"))
        self.period = QComboBox()
        for key, title in self._periods().items():
            self.period.addItem(title, key)
        self.period.setCurrentIndex(dashboard.PERIODS.index(dashboard.DEFAULT_PERIOD))
        self.period.currentIndexChanged.connect(lambda _i: self.refresh(period_only=True))
        self.state = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.period_label)
        bar.addWidget(self.period)
        bar.addWidget(self.state, 1)
        self.grid = QGridLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addLayout(self.grid, 1)
        for row in range(2):
            self.grid.setRowStretch(row, 1)
        for col in range(3):
            self.grid.setColumnStretch(col, 1)
        self.temperature_series = QPieSeries()
        self.status_series = QHorizontalBarSeries()
        self.pareto_series = QLineSeries()
        self.new_clients_series = QBarSeries()
        self.revenue_series = QBarSeries()
        self.rfm_table = QTableWidget(5, 5)
        self.targets: dict[str, list[Bar]] = {}
        self._tasks: list[Task] = []
        self._generation = 0
        self._pending = 0
        self.refresh()

    def _periods(self) -> dict[str, str]:
        return {"3m": self.tr("3 months"), "6m": self.tr("6 months"), "12m": self.tr("12 months"),
                "year": self.tr("This year"), "all": self.tr("All time")}

    def _labels(self) -> dict[str, str]:
        return {"hot": self.tr("hot"), "warm": self.tr("warm"), "cold": self.tr("cold"), "": self.tr("not set"),
                "lead": self.tr("lead"), "active": self.tr("active"), "former": self.tr("former"),
                "problem": self.tr("problem")}

    # ---- reading on workers --------------------------------------------------------------------
    def refresh(self, *, period_only: bool = False) -> None:
        """Start reading the figures (only the period's bars when just the period changed); charts
        already drawn stay until new ones arrive."""
        for task in self._tasks:
            task.cancel()
        self._generation += 1
        generation, period, vault = self._generation, str(self.period.currentData()), self.vault
        self.state.setText(self.tr("Reading the figures…"))

        def read_counts() -> tuple[int, dashboard.Counts]:
            with vault.session() as session:
                return generation, dashboard.counts(session, should_cancel=counts_task.should_cancel, pareto=False)

        def read_pareto() -> tuple[int, list[rfm.ParetoPoint]]:
            with vault.session() as session:
                return generation, rfm.pareto_curve(session)

        def read_period() -> tuple[int, dashboard.PeriodBars]:
            with vault.session() as session:
                return generation, dashboard.period_bars(session, period)

        # three workers (at 1 M clients 0.33 / 0.56 / 0.47 s of CPU, nearly all in SQLite, which runs
        # without the GIL), so two cores draw the dashboard in ~0.8 s instead of 0.9 + 0.5 in turn
        counts_task = Task(read_counts, pass_callbacks=False)
        pareto_task = Task(read_pareto, pass_callbacks=False)
        period_task = Task(read_period, pass_callbacks=False)
        jobs: list[tuple[Task, Callable[[Any], None]]] = [(period_task, self._period_arrived)]
        if not period_only:  # the longest first: the pool runs two at a time here
            jobs = [(pareto_task, self._pareto_arrived), *jobs, (counts_task, self._counts_arrived)]
        self._tasks = [task for task, _slot in jobs]
        self._pending = len(jobs)
        for task, slot in jobs:
            task.signals.finished.connect(slot, Qt.ConnectionType.QueuedConnection)
            task.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
            start(task)

    def is_loading(self) -> bool:
        return self._pending > 0

    @property
    def is_loaded(self) -> bool:
        """Every chart of the chosen period is drawn (what benchmarks/bench_window.py waits for)."""
        return self._pending == 0

    def _counts_arrived(self, result: tuple[int, dashboard.Counts]) -> None:
        generation, figures = result
        if generation != self._generation:
            return
        self.targets.update(temperature=figures.temperature, status=figures.status)
        labels = self._labels()
        self._put(self._pie(figures.temperature, labels), 0, 0)
        self._put(self._status_bars(figures.status, labels), 0, 1)
        self._put(self._rfm(figures.rfm), 1, 2)
        self._one_done()

    def _pareto_arrived(self, result: tuple[int, list[rfm.ParetoPoint]]) -> None:
        generation, curve = result
        if generation != self._generation:
            return
        self._put(self._pareto(curve), 0, 2)
        self._one_done()

    def _period_arrived(self, result: tuple[int, dashboard.PeriodBars]) -> None:
        generation, bars = result
        if generation != self._generation:
            return
        self.targets.update(new=bars.new, revenue=bars.revenue)
        self._put(self._bars(self.tr("New clients"), bars.new, "new"), 1, 0)
        self._put(self._bars(self.tr("Revenue, ₽"), bars.revenue, "revenue"), 1, 1)
        self._one_done()

    def _failed(self, exc: object) -> None:
        if isinstance(exc, dashboard.DashboardCancelledError):
            return
        self._pending = 0
        self.state.setText(error_text(exc, self.tr("The figures could not be read: %1").replace(
            "%1", type(exc).__name__), what="dashboard"))

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.state.setText("")
            self.loaded.emit()

    def _put(self, widget: QWidget, row: int, col: int) -> None:
        old = self.grid.itemAtPosition(row, col)
        if old is not None and (taken := old.widget()) is not None:
            taken.deleteLater()
            self.grid.removeItem(old)
        self.grid.addWidget(widget, row, col)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Stop reading and wait for the workers (as the sidebar does): closing is what the main window
        does before it locks, and the vault must not close under a running query."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            task.done.wait(30)
        self._tasks = []
        super().closeEvent(event)

    # ---- charts ------------------------------------------------------------------------------
    def _view(self, chart: QChart) -> QChartView:
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumSize(280, 220)
        return view

    def _pie(self, bars: list[Bar], labels: dict[str, str]) -> QChartView:
        self.temperature_series = QPieSeries()
        for bar in bars:
            text = f"{labels.get(bar.label, bar.label)}: {self.ui_locale.toString(int(bar.value))}"
            pie_slice = self.temperature_series.append(text, bar.value)
            pie_slice.setColor(QColor(TEMPERATURE_COLORS.get(bar.label, "#999999")))
            pie_slice.clicked.connect(lambda target=bar.target: self.show_clients.emit(target))
        chart = self._chart(self.tr("Clients by temperature"))
        chart.addSeries(self.temperature_series)
        legend = chart.legend()
        legend.show()
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)  # one entry a line: names in full
        # QChart gives the legend what is left after the pie and elides it ("горячие: 14 …" at 1100 px):
        # it gets the width of its longest entry (text, marker, spacing) and the pie the rest
        metrics = QFontMetrics(legend.font())
        texts = [pie_slice.label() for pie_slice in self.temperature_series.slices()]
        if texts:
            legend.setMinimumWidth(max(metrics.horizontalAdvance(t) for t in texts) + 3 * metrics.height() + 24)
        return self._view(chart)

    def _bars(self, title: str, bars: list[Bar], key: str) -> QChartView:
        """Bars over the period's months (or years), the months written out, a round-tick value axis."""
        series = QBarSeries()
        values = QBarSet(title)
        values.append([float(b.value) for b in bars])
        series.append(values)
        series.clicked.connect(lambda index, _set, key=key: self.click_bar(key, int(index)))
        setattr(self, {"new": "new_clients_series", "revenue": "revenue_series"}[key], series)
        chart = self._chart(title)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([bucket_label(b.label, self.ui_locale) for b in bars])
        axis_x.setTruncateLabels(False)  # "июн 25", not "…" (Qt elides to the bar's width)
        if len(bars) > 6:
            axis_x.setLabelsAngle(-90)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = number_axis(max([float(b.value) for b in bars] + [1.0]), self.ui_locale)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return self._view(chart)

    def _status_bars(self, bars: list[Bar], labels: dict[str, str]) -> QChartView:
        """Horizontal bars: the status names get the width they need on the left, not 60 px under a bar."""
        self.status_series = QHorizontalBarSeries()
        values = QBarSet(self.tr("Clients by status"))
        values.append([float(b.value) for b in bars])
        self.status_series.append(values)
        self.status_series.clicked.connect(lambda index, _set: self.click_bar("status", int(index)))
        chart = self._chart(self.tr("Clients by status"))
        chart.addSeries(self.status_series)
        axis_y = QBarCategoryAxis()
        axis_y.append([labels.get(b.label, b.label) for b in bars])
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        self.status_series.attachAxis(axis_y)
        axis_x = number_axis(max([float(b.value) for b in bars] + [1.0]), self.ui_locale)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        self.status_series.attachAxis(axis_x)
        # the last tick's label is centred on the plot's right edge: room for its half ("60 00" was cut)
        last = axis_x.categoriesLabels()[-1] if axis_x.categoriesLabels() else ""
        margins = chart.margins()
        margins.setRight(margins.right() + QFontMetrics(axis_x.labelsFont()).horizontalAdvance(last) // 2 + 4)
        chart.setMargins(margins)
        return self._view(chart)

    def _chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        return chart

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
        chart = self._chart(self.tr("Revenue Pareto: % of buyers → % of revenue"))
        chart.addSeries(self.pareto_series)
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
        title = QLabel(self.tr("RFM: recency (rows, 5 = recent) × frequency (columns)"))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.rfm_table = QTableWidget(5, 5)
        self.rfm_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # The 5×5 cells share the space: no scroll bar, no empty band right or below.
        for header in (self.rfm_table.horizontalHeader(), self.rfm_table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(20)
        self.rfm_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rfm_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rfm_table.setVerticalHeaderLabels([f"R{r}" for r in range(5, 0, -1)])
        self.rfm_table.setHorizontalHeaderLabels([f"F{f}" for f in range(1, 6)])
        top = max(grid.values(), default=1) or 1
        for row, r in enumerate(range(5, 0, -1)):
            for col, f in enumerate(range(1, 6)):
                count = grid.get((r, f), 0)
                item = QTableWidgetItem(self.ui_locale.toString(count))
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
