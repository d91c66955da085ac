"""The README's quick start, as run by `make demo` (sandbox) or against the real API."""

from visgate_sdk import Client

client = Client()  # reads VISGATE_API_KEY (and VISGATE_BASE_URL) from the environment

result = client.generate("a sunset over Istanbul")
print(result.image_url)
print(result.save("sunset_istanbul.png", overwrite=True))  # streamed to disk, no key sent

client.close()
