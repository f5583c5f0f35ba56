"""The pivot explorer: `table` builds a pivot from the dashboard's selectors, `forms` parses its
layout from GET parameters. See docs/dashboard.md § "Pivot explorer"."""

from reports.pivot.table import (
    DIMENSIONS,
    MAX_AXIS,
    MEASURES,
    PivotLayout,
    PivotTable,
    PivotTooLarge,
    build,
    chart_data,
    parse_sort,
)

__all__ = ["DIMENSIONS", "MAX_AXIS", "MEASURES", "PivotLayout", "PivotTable", "PivotTooLarge", "build",
           "chart_data", "parse_sort"]
