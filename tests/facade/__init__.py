"""Facade tests: the clients' surface, jobs, URLs and concurrency."""

# The resource groups every client carries, sync and async alike (the last three live in
# visgate_sdk.resources.account).
RESOURCE_GROUPS = ("images", "videos", "requests", "models", "usage", "providers")
RESOURCE_GROUPS += ("auth", "api_keys", "billing")
