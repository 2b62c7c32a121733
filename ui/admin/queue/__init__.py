"""The pages of 管理 → 排队与自助机 (ui/admin/queue_admin.py holds them in tabs)."""
