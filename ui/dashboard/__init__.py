"""主管 → 统计: the supervisor's dashboard (today live, a period with charts, drill-down,
exports). ``ui.dashboard.dashboard_page.DashboardWidget`` is the section widget."""
