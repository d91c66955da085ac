"""Offline model catalog served by the sandbox.

The entries imitate what ``GET /models`` returns on the live API: every ``ModelInfo`` field of
``openapi.yaml`` is present on every model. Prices are plausible, not authoritative.

Price conventions:

* ``base_cost_micro`` is the provider price of one unit in micro-USD: one image (or one
  megapixel, see ``pricing_unit``) for image models, one second of output for video models.
* ``normalized_cost_micro`` is the price of one typical output, so models compare directly:
  a ~1 megapixel image, or a 5-second clip.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

__all__ = [
    "CATALOG_LAST_UPDATED",
    "MODELS",
    "PROVIDER_PREFIXES",
    "REPLICATE_PREFIX",
    "SORT_KEYS",
    "default_cost_micro",
    "get_model",
    "provider_for",
    "query_models",
]

CATALOG_LAST_UPDATED = "2026-02-20T06:00:00+00:00"

PROVIDER_PREFIXES: Mapping[str, str] = MappingProxyType(
    {"fal-ai/": "fal", "replicate/": "replicate", "runway/": "runway"}
)

REPLICATE_PREFIX = "replicate/"

SORT_KEYS: tuple[str, ...] = ("name", "cost", "newest", "popular")

# Seconds in the clip used for ``normalized_cost_micro`` of video models.
_NORMALIZED_CLIP_SECONDS = 5

# Prices for ids the catalog does not list; the live API still accepts them.
_DEFAULT_COSTS: Mapping[tuple[str, str], int] = MappingProxyType(
    {
        ("fal", "image"): 25_000,
        ("fal", "video"): 100_000,
        ("replicate", "image"): 10_000,
        ("replicate", "video"): 50_000,
        ("runway", "image"): 50_000,
        ("runway", "video"): 50_000,
    }
)
_FALLBACK_COSTS: Mapping[str, int] = MappingProxyType(
    {"image": 25_000, "video": 100_000, "audio": 10_000}
)


def _url(model_id: str) -> str:
    if model_id.startswith("fal-ai/"):
        return f"https://fal.ai/models/{model_id}"
    if model_id.startswith("replicate/"):
        return f"https://replicate.com/{model_id.removeprefix('replicate/')}"
    return f"https://docs.dev.runwayml.com/guides/models/#{model_id.removeprefix('runway/')}"


def _pricing(base_cost_micro: int, unit: str) -> str:
    dollars = f"{base_cost_micro / 1_000_000:.4f}".rstrip("0")
    if dollars.endswith("."):
        dollars += "00"
    elif len(dollars.split(".")[1]) == 1:
        dollars += "0"
    return f"${dollars} per {unit}"


def _model(
    model_id: str,
    name: str,
    author: str,
    media_type: str,
    capabilities: Sequence[str],
    base_cost_micro: int,
    pricing_unit: str,
    run_count: int,
    provider_created_at: str,
    first_seen_at: str,
    description: str,
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    provider = next(p for prefix, p in PROVIDER_PREFIXES.items() if model_id.startswith(prefix))
    inputs: list[str] = []
    for capability in capabilities:
        source = capability.split("-to-")[0]
        if source not in inputs:
            inputs.append(source)
    normalized = base_cost_micro
    if media_type == "video" and pricing_unit == "second":
        normalized = base_cost_micro * _NORMALIZED_CLIP_SECONDS
    return {
        "id": model_id,
        "name": name,
        "provider": provider,
        "media_type": media_type,
        "description": description,
        "category": capabilities[0],
        "tags": [*tags, *capabilities],
        "cover_image_url": None,
        "author": author,
        "url": _url(model_id),
        "base_cost_micro": base_cost_micro,
        "normalized_cost_micro": normalized,
        "pricing": _pricing(base_cost_micro, pricing_unit),
        "pricing_unit": pricing_unit,
        "run_count": run_count,
        "input_types": inputs,
        "output_type": media_type,
        "capabilities": list(capabilities),
        "first_seen_at": f"{first_seen_at}T00:00:00+00:00",
        "provider_created_at": f"{provider_created_at}T00:00:00+00:00",
        "last_synced_at": CATALOG_LAST_UPDATED,
    }


_T2I = ("text-to-image",)
_T2I_I2I = ("text-to-image", "image-to-image")
_I2I = ("image-to-image",)
_T2V = ("text-to-video",)
_I2V = ("image-to-video",)
_T2V_I2V = ("text-to-video", "image-to-video")
_V2V = ("video-to-video",)

_BFL = "Black Forest Labs"

_CATALOG: list[dict[str, Any]] = [
    # ---- fal: image -------------------------------------------------------------------------
    _model(
        "fal-ai/flux/schnell",
        "FLUX Schnell",
        _BFL,
        "image",
        _T2I,
        3_000,
        "megapixel",
        9_184_203,
        "2024-08-01",
        "2025-06-02",
        "Distilled FLUX model that produces a usable image in 1-4 denoising steps.",
        ("fast", "flux", "open-weights"),
    ),
    _model(
        "fal-ai/flux/dev",
        "FLUX Dev",
        _BFL,
        "image",
        _T2I,
        25_000,
        "megapixel",
        6_402_117,
        "2024-08-01",
        "2025-06-02",
        "12B-parameter guidance-distilled FLUX model for non-commercial, high-detail images.",
        ("flux", "open-weights"),
    ),
    _model(
        "fal-ai/flux-pro",
        "FLUX Pro",
        _BFL,
        "image",
        _T2I,
        50_000,
        "megapixel",
        2_310_548,
        "2024-08-01",
        "2025-06-02",
        "Flagship FLUX.1 model with strong prompt adherence and varied output styles.",
        ("flux", "high-quality"),
    ),
    _model(
        "fal-ai/flux-pro/v1.1",
        "FLUX1.1 [pro]",
        _BFL,
        "image",
        _T2I,
        40_000,
        "megapixel",
        1_877_930,
        "2024-10-02",
        "2025-06-02",
        "Faster successor of FLUX Pro with better composition and text rendering.",
        ("flux", "high-quality"),
    ),
    _model(
        "fal-ai/flux-pro/v1.1-ultra",
        "FLUX1.1 [pro] ultra",
        _BFL,
        "image",
        _T2I,
        60_000,
        "image",
        904_336,
        "2024-11-06",
        "2025-06-02",
        "FLUX1.1 [pro] variant for images up to 4 megapixels, with an optional raw photo mode.",
        ("flux", "high-resolution", "photorealistic"),
    ),
    _model(
        "fal-ai/flux-pro/kontext",
        "FLUX.1 Kontext [pro]",
        _BFL,
        "image",
        _T2I_I2I,
        40_000,
        "image",
        1_265_404,
        "2025-05-29",
        "2025-06-03",
        "In-context image editing: change objects, styles or text in a picture with a prompt.",
        ("flux", "editing"),
    ),
    _model(
        "fal-ai/flux-lora",
        "FLUX LoRA",
        _BFL,
        "image",
        _T2I,
        35_000,
        "megapixel",
        1_540_882,
        "2024-08-20",
        "2025-06-02",
        "FLUX Dev with user-supplied LoRA weights for custom subjects and styles.",
        ("flux", "lora", "fine-tuning"),
    ),
    _model(
        "fal-ai/recraft-v3",
        "Recraft V3",
        "Recraft",
        "image",
        _T2I,
        40_000,
        "image",
        712_950,
        "2024-10-30",
        "2025-06-02",
        "Design-oriented model that handles long text, brand styles and vector-like art.",
        ("design", "typography", "vector"),
    ),
    _model(
        "fal-ai/ideogram/v2",
        "Ideogram V2",
        "Ideogram",
        "image",
        _T2I,
        80_000,
        "image",
        388_214,
        "2024-08-21",
        "2025-06-02",
        "Ideogram model known for legible typography in posters, logos and covers.",
        ("typography", "design"),
    ),
    _model(
        "fal-ai/stable-diffusion-v35-large",
        "Stable Diffusion 3.5 Large",
        "Stability AI",
        "image",
        _T2I_I2I,
        65_000,
        "megapixel",
        455_071,
        "2024-10-22",
        "2025-06-02",
        "8B-parameter MMDiT model from Stability AI with broad style coverage.",
        ("stable-diffusion", "open-weights"),
    ),
    _model(
        "fal-ai/fast-sdxl",
        "Fast SDXL",
        "Stability AI",
        "image",
        _T2I_I2I,
        2_000,
        "image",
        3_118_460,
        "2023-07-26",
        "2025-06-02",
        "SDXL 1.0 served on an optimised pipeline for low-latency 1024px images.",
        ("fast", "stable-diffusion", "open-weights"),
    ),
    _model(
        "fal-ai/imagen4/preview",
        "Imagen 4",
        "Google",
        "image",
        _T2I,
        50_000,
        "image",
        640_772,
        "2025-05-20",
        "2025-06-02",
        "Google DeepMind image model with fine detail and accurate spelling in images.",
        ("google", "photorealistic"),
    ),
    _model(
        "fal-ai/hidream-i1-full",
        "HiDream I1 Full",
        "HiDream.ai",
        "image",
        _T2I,
        50_000,
        "megapixel",
        201_846,
        "2025-04-07",
        "2025-06-02",
        "17B-parameter open image model that scores well on prompt-following benchmarks.",
        ("open-weights",),
    ),
    _model(
        "fal-ai/aura-sr",
        "AuraSR",
        "fal",
        "image",
        _I2I,
        1_000,
        "image",
        822_609,
        "2024-06-25",
        "2025-06-02",
        "GAN-based 4x upscaler that sharpens generated images without changing content.",
        ("upscaling", "fast"),
    ),
    _model(
        "fal-ai/bria/background/remove",
        "Bria RMBG 2.0",
        "Bria",
        "image",
        _I2I,
        18_000,
        "image",
        1_034_115,
        "2024-10-29",
        "2025-06-02",
        "Background removal trained on licensed data; returns a cut-out with alpha.",
        ("background-removal", "editing"),
    ),
    # ---- fal: video -------------------------------------------------------------------------
    _model(
        "fal-ai/veo3",
        "Veo 3",
        "Google",
        "video",
        _T2V,
        750_000,
        "second",
        1_412_350,
        "2025-05-20",
        "2025-06-02",
        "Google DeepMind video model that generates 8-second clips with synchronised audio.",
        ("google", "audio", "high-quality"),
    ),
    _model(
        "fal-ai/veo3/fast",
        "Veo 3 Fast",
        "Google",
        "video",
        _T2V,
        400_000,
        "second",
        968_021,
        "2025-07-14",
        "2025-07-15",
        "Lower-latency, lower-price Veo 3 variant for drafts and iteration.",
        ("google", "audio", "fast"),
    ),
    _model(
        "fal-ai/veo2",
        "Veo 2",
        "Google",
        "video",
        _T2V_I2V,
        500_000,
        "second",
        533_908,
        "2024-12-16",
        "2025-06-02",
        "Previous Veo generation with realistic motion and cinematic camera control.",
        ("google",),
    ),
    _model(
        "fal-ai/flux-pro/video",
        "FLUX Pro Video",
        _BFL,
        "video",
        _T2V_I2V,
        80_000,
        "second",
        215_440,
        "2025-09-10",
        "2025-09-11",
        "Video model from the FLUX family that animates a prompt or a still frame.",
        ("flux",),
    ),
    _model(
        "fal-ai/kling-video/v2.1/master/text-to-video",
        "Kling 2.1 Master",
        "Kuaishou",
        "video",
        _T2V,
        280_000,
        "second",
        702_188,
        "2025-05-29",
        "2025-06-03",
        "Top Kling tier with fluid motion and strong prompt adherence at 1080p.",
        ("kling", "high-quality"),
    ),
    _model(
        "fal-ai/kling-video/v2.1/standard/image-to-video",
        "Kling 2.1 Standard",
        "Kuaishou",
        "video",
        _I2V,
        50_000,
        "second",
        1_108_775,
        "2025-05-29",
        "2025-06-03",
        "Affordable Kling tier that animates a start image into a 5 or 10 second clip.",
        ("kling",),
    ),
    _model(
        "fal-ai/minimax/hailuo-02/standard/text-to-video",
        "MiniMax Hailuo 02",
        "MiniMax",
        "video",
        _T2V_I2V,
        45_000,
        "second",
        650_395,
        "2025-06-18",
        "2025-06-19",
        "768p Hailuo model with good physics for sport, dance and action scenes.",
        ("hailuo",),
    ),
    _model(
        "fal-ai/luma-dream-machine/ray-2",
        "Luma Ray 2",
        "Luma AI",
        "video",
        _T2V_I2V,
        100_000,
        "second",
        398_016,
        "2025-01-15",
        "2025-06-02",
        "Luma model trained for coherent motion and natural-looking camera moves.",
        ("luma", "cinematic"),
    ),
    _model(
        "fal-ai/wan/v2.2-a14b/text-to-video",
        "Wan 2.2",
        "Alibaba",
        "video",
        _T2V,
        80_000,
        "second",
        287_553,
        "2025-07-28",
        "2025-07-29",
        "Open mixture-of-experts video model from Alibaba with controllable lighting.",
        ("wan", "open-weights"),
    ),
    _model(
        "fal-ai/ltx-video",
        "LTX Video",
        "Lightricks",
        "video",
        _T2V_I2V,
        4_000,
        "second",
        845_117,
        "2024-11-22",
        "2025-06-02",
        "Small open video model that renders short clips faster than real time.",
        ("fast", "open-weights"),
    ),
    _model(
        "fal-ai/pixverse/v4.5/text-to-video",
        "PixVerse v4.5",
        "PixVerse",
        "video",
        _T2V,
        60_000,
        "second",
        176_902,
        "2025-05-15",
        "2025-06-02",
        "Stylised video model with effect presets and anime-friendly rendering.",
        ("anime", "effects"),
    ),
    _model(
        "fal-ai/hunyuan-video",
        "Hunyuan Video",
        "Tencent",
        "video",
        _T2V,
        80_000,
        "second",
        240_611,
        "2024-12-03",
        "2025-06-02",
        "13B-parameter open video model from Tencent with cinematic framing.",
        ("open-weights", "cinematic"),
    ),
    # ---- replicate: image -------------------------------------------------------------------
    _model(
        "replicate/black-forest-labs/flux-schnell",
        "FLUX Schnell",
        _BFL,
        "image",
        _T2I,
        3_000,
        "image",
        7_920_644,
        "2024-07-30",
        "2025-06-02",
        "Replicate deployment of the 1-4 step FLUX model for quick local-style drafts.",
        ("fast", "flux", "open-weights"),
    ),
    _model(
        "replicate/black-forest-labs/flux-dev",
        "FLUX Dev",
        _BFL,
        "image",
        _T2I_I2I,
        25_000,
        "image",
        3_580_932,
        "2024-07-30",
        "2025-06-02",
        "Replicate deployment of FLUX Dev, with an image-to-image mode.",
        ("flux", "open-weights"),
    ),
    _model(
        "replicate/black-forest-labs/flux-1.1-pro",
        "FLUX1.1 [pro]",
        _BFL,
        "image",
        _T2I,
        40_000,
        "image",
        1_690_211,
        "2024-10-02",
        "2025-06-02",
        "Replicate deployment of FLUX1.1 [pro] for production-quality images.",
        ("flux", "high-quality"),
    ),
    _model(
        "replicate/black-forest-labs/flux-kontext-pro",
        "FLUX.1 Kontext [pro]",
        _BFL,
        "image",
        _I2I,
        40_000,
        "image",
        1_004_587,
        "2025-05-29",
        "2025-06-03",
        "Replicate deployment of Kontext for prompt-driven edits of an input image.",
        ("flux", "editing"),
    ),
    _model(
        "replicate/stability-ai/sdxl",
        "SDXL",
        "Stability AI",
        "image",
        _T2I_I2I,
        2_800,
        "image",
        5_240_388,
        "2023-07-26",
        "2025-06-02",
        "Stable Diffusion XL base model with refiner, inpainting and img2img inputs.",
        ("stable-diffusion", "open-weights"),
    ),
    _model(
        "replicate/stability-ai/stable-diffusion-3.5-large",
        "Stable Diffusion 3.5 Large",
        "Stability AI",
        "image",
        _T2I_I2I,
        65_000,
        "image",
        312_406,
        "2024-10-22",
        "2025-06-02",
        "Replicate deployment of SD 3.5 Large, suited to detailed illustration.",
        ("stable-diffusion", "open-weights"),
    ),
    _model(
        "replicate/ideogram-ai/ideogram-v3-turbo",
        "Ideogram 3.0 Turbo",
        "Ideogram",
        "image",
        _T2I,
        30_000,
        "image",
        455_190,
        "2025-03-26",
        "2025-06-02",
        "Fast Ideogram 3.0 tier for layouts, logos and text-heavy graphics.",
        ("typography", "design", "fast"),
    ),
    _model(
        "replicate/recraft-ai/recraft-v3",
        "Recraft V3",
        "Recraft",
        "image",
        _T2I,
        40_000,
        "image",
        520_337,
        "2024-10-30",
        "2025-06-02",
        "Replicate deployment of Recraft V3 with realistic, illustration and icon styles.",
        ("design", "vector"),
    ),
    _model(
        "replicate/bytedance/sdxl-lightning-4step",
        "SDXL Lightning",
        "ByteDance",
        "image",
        _T2I,
        1_400,
        "image",
        4_602_775,
        "2024-02-21",
        "2025-06-02",
        "Progressive-distillation SDXL that produces 1024px images in four steps.",
        ("fast", "open-weights"),
    ),
    _model(
        "replicate/nightmareai/real-esrgan",
        "Real-ESRGAN",
        "nightmareai",
        "image",
        _I2I,
        2_000,
        "image",
        2_871_090,
        "2021-09-20",
        "2025-06-02",
        "Classic super-resolution model with optional face enhancement.",
        ("upscaling",),
    ),
    _model(
        "replicate/google/imagen-4",
        "Imagen 4",
        "Google",
        "image",
        _T2I,
        40_000,
        "image",
        472_863,
        "2025-05-20",
        "2025-06-02",
        "Replicate deployment of Google's Imagen 4 text-to-image model.",
        ("google", "photorealistic"),
    ),
    # ---- replicate: video -------------------------------------------------------------------
    _model(
        "replicate/lucataco/cogvideox-5b",
        "CogVideoX 5B",
        "lucataco",
        "video",
        _T2V,
        20_000,
        "second",
        138_224,
        "2024-08-27",
        "2025-06-02",
        "Open 5B-parameter text-to-video model from THUDM, 6-second clips at 720x480.",
        ("open-weights",),
    ),
    _model(
        "replicate/minimax/video-01",
        "Hailuo Video-01",
        "MiniMax",
        "video",
        _T2V_I2V,
        83_000,
        "second",
        802_445,
        "2024-10-01",
        "2025-06-02",
        "First Hailuo video model: 6-second 720p clips with expressive characters.",
        ("hailuo",),
    ),
    _model(
        "replicate/kwaivgi/kling-v2.1",
        "Kling 2.1",
        "Kuaishou",
        "video",
        _I2V,
        50_000,
        "second",
        611_530,
        "2025-05-29",
        "2025-06-04",
        "Replicate deployment of Kling 2.1 for animating a start frame.",
        ("kling",),
    ),
    _model(
        "replicate/wavespeedai/wan-2.1-t2v-480p",
        "Wan 2.1 480p",
        "WaveSpeedAI",
        "video",
        _T2V,
        9_000,
        "second",
        369_120,
        "2025-02-26",
        "2025-06-02",
        "Accelerated Wan 2.1 deployment for cheap 480p text-to-video drafts.",
        ("wan", "fast", "open-weights"),
    ),
    _model(
        "replicate/tencent/hunyuan-video",
        "Hunyuan Video",
        "Tencent",
        "video",
        _T2V,
        40_000,
        "second",
        154_903,
        "2024-12-03",
        "2025-06-02",
        "Replicate deployment of Tencent's open Hunyuan video model.",
        ("open-weights", "cinematic"),
    ),
    _model(
        "replicate/google/veo-3",
        "Veo 3",
        "Google",
        "video",
        _T2V,
        750_000,
        "second",
        505_760,
        "2025-05-20",
        "2025-06-05",
        "Replicate deployment of Veo 3 with native dialogue and sound effects.",
        ("google", "audio", "high-quality"),
    ),
    _model(
        "replicate/luma/ray-flash-2-540p",
        "Luma Ray Flash 2",
        "Luma AI",
        "video",
        _T2V_I2V,
        22_000,
        "second",
        214_078,
        "2025-03-05",
        "2025-06-02",
        "Faster, cheaper Ray 2 variant for 540p previews.",
        ("luma", "fast"),
    ),
    _model(
        "replicate/genmo/mochi-1",
        "Mochi 1",
        "Genmo",
        "video",
        _T2V,
        15_000,
        "second",
        97_316,
        "2024-10-22",
        "2025-06-02",
        "Open 10B-parameter video model with smooth motion at 480p.",
        ("open-weights",),
    ),
    # ---- runway -----------------------------------------------------------------------------
    _model(
        "runway/gen4_image",
        "Gen-4 Image",
        "Runway",
        "image",
        _T2I_I2I,
        80_000,
        "image",
        488_519,
        "2025-05-16",
        "2025-06-02",
        "Runway image model that keeps characters and locations consistent via references.",
        ("runway", "references", "high-quality"),
    ),
    _model(
        "runway/gen4_image_turbo",
        "Gen-4 Image Turbo",
        "Runway",
        "image",
        _T2I_I2I,
        20_000,
        "image",
        301_272,
        "2025-08-12",
        "2025-08-13",
        "Cheaper, faster Gen-4 Image tier for reference-guided drafts.",
        ("runway", "references", "fast"),
    ),
    _model(
        "runway/gen4_turbo",
        "Gen-4 Turbo",
        "Runway",
        "video",
        _I2V,
        50_000,
        "second",
        1_203_447,
        "2025-04-07",
        "2025-06-02",
        "Runway's fast Gen-4 tier: animates an input image into a 5 or 10 second clip.",
        ("runway", "fast"),
    ),
    _model(
        "runway/gen4_aleph",
        "Gen-4 Aleph",
        "Runway",
        "video",
        _V2V,
        150_000,
        "second",
        189_640,
        "2025-07-25",
        "2025-07-26",
        "In-context video model that restyles, relights or edits an existing clip.",
        ("runway", "editing"),
    ),
    _model(
        "runway/gen3a_turbo",
        "Gen-3 Alpha Turbo",
        "Runway",
        "video",
        _I2V,
        50_000,
        "second",
        744_018,
        "2024-08-15",
        "2025-06-02",
        "Previous-generation Runway model for quick image-to-video animation.",
        ("runway", "fast"),
    ),
    _model(
        "runway/act_two",
        "Act-Two",
        "Runway",
        "video",
        _V2V,
        50_000,
        "second",
        122_307,
        "2025-07-15",
        "2025-07-16",
        "Transfers an actor's performance from a driving video onto a character.",
        ("runway", "performance", "character"),
    ),
    _model(
        "runway/upscale_v1",
        "Video Upscale",
        "Runway",
        "video",
        _V2V,
        20_000,
        "second",
        86_954,
        "2025-06-10",
        "2025-06-11",
        "Upscales a generated clip to 4K while keeping motion intact.",
        ("runway", "upscaling"),
    ),
]

MODELS: tuple[dict[str, Any], ...] = tuple(_CATALOG)
_BY_ID: Mapping[str, dict[str, Any]] = MappingProxyType({m["id"]: m for m in MODELS})
del _CATALOG


def provider_for(model_id: str) -> str | None:
    """Provider implied by a model id prefix (``fal-ai/`` -> ``fal``), or None if unknown."""
    for prefix, provider in PROVIDER_PREFIXES.items():
        if model_id.startswith(prefix) and len(model_id) > len(prefix):
            return provider
    return None


def get_model(model_id: str) -> dict[str, Any] | None:
    """A copy of the catalog entry with this id, or None.

    Replicate names its models ``owner/name``: that form, without our ``replicate/`` prefix,
    finds the Replicate entry too (``black-forest-labs/flux-schnell``, as in the SDK's own
    docstrings). The entry keeps its canonical id, the one generation endpoints accept.
    """
    model = _BY_ID.get(model_id)
    if model is None and provider_for(model_id) is None:
        model = _BY_ID.get(REPLICATE_PREFIX + model_id)
    return copy.deepcopy(model) if model is not None else None


def default_cost_micro(provider: str, media_type: str) -> int:
    """Unit price (micro-USD) for a model id that has a known prefix but no catalog entry.

    Per image for image models, per second for video models.
    """
    cost = _DEFAULT_COSTS.get((provider, media_type))
    if cost is not None:
        return cost
    return _FALLBACK_COSTS.get(media_type, _FALLBACK_COSTS["image"])


def _matches(model: Mapping[str, Any], words: Sequence[str]) -> bool:
    haystack = " ".join(
        str(model.get(field) or "") for field in ("id", "name", "description", "author")
    ).lower()
    return all(word in haystack for word in words)


def _sorted(models: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    # Every order ends on the id so that pages are stable between calls.
    if sort == "name":
        return sorted(models, key=lambda m: (str(m["name"]).casefold(), m["id"]))
    if sort == "cost":
        return sorted(models, key=lambda m: (m["base_cost_micro"], m["id"]))
    if sort == "newest":
        by_id = sorted(models, key=lambda m: m["id"])
        return sorted(by_id, key=lambda m: str(m["first_seen_at"]), reverse=True)
    by_id = sorted(models, key=lambda m: m["id"])
    return sorted(by_id, key=lambda m: int(m["run_count"]), reverse=True)


def _featured(models: list[dict[str, Any]], size: int = 6) -> list[dict[str, Any]]:
    sections = [
        ("Popular", "popular", _sorted(models, "popular")),
        ("New arrivals", "newest", _sorted(models, "newest")),
        (
            "Popular video",
            "video",
            [m for m in _sorted(models, "popular") if m["media_type"] == "video"],
        ),
    ]
    return [
        {"title": title, "key": key, "models": copy.deepcopy(ranked[:size])}
        for title, key, ranked in sections
        if ranked
    ]


def query_models(
    *,
    provider: str | None = None,
    media_type: str | None = None,
    capability: str | None = None,
    search: str | None = None,
    sort: str | None = None,
    limit: int = 100,
    featured: bool = False,
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]] | None]:
    """Filter, sort and page the catalog like ``GET /models``.

    Returns ``(page, total_count, featured_sections)``: ``total_count`` is the size of the
    filtered set, not of the page; ``featured_sections`` is None unless ``featured`` is true,
    and is then drawn from the filtered set. Every word of ``search`` must appear
    (case-insensitively) in the id, name, description or author. ``sort`` is one of
    :data:`SORT_KEYS`; None means ``popular``. Raises ValueError for an unknown sort or a
    limit below 1.
    """
    if sort is not None and sort not in SORT_KEYS:
        raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    words = search.lower().split() if search else []
    selected = [
        m
        for m in MODELS
        if (not provider or m["provider"] == provider.lower())
        and (not media_type or m["media_type"] == media_type.lower())
        and (not capability or capability.lower() in m["capabilities"])
        and _matches(m, words)
    ]
    ordered = _sorted(selected, sort or "popular")
    sections = _featured(selected) if featured else None
    return copy.deepcopy(ordered[:limit]), len(selected), sections
