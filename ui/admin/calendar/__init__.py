"""管理 → 节假日: the year calendar and its confirmation dialog."""
