"""Local sandbox that imitates the visgate API offline."""
