"""Contains all the data models used in inputs/outputs"""

from .api_error_envelope import ApiErrorEnvelope
from .api_error_envelope_details_type_0 import ApiErrorEnvelopeDetailsType0
from .api_key_info import ApiKeyInfo
from .auth_identity import AuthIdentity
from .billing_info import BillingInfo
from .billing_pricing import BillingPricing
from .billing_pricing_pricing import BillingPricingPricing
from .billing_stats import BillingStats
from .dashboard import Dashboard
from .dashboard_by_model import DashboardByModel
from .dashboard_by_provider import DashboardByProvider
from .dashboard_daily_item import DashboardDailyItem
from .featured_section import FeaturedSection
from .generate_request import GenerateRequest
from .generate_request_params import GenerateRequestParams
from .generate_result import GenerateResult
from .generation_accepted import GenerationAccepted
from .generation_step import GenerationStep
from .health_response import HealthResponse
from .image_generate_request import ImageGenerateRequest
from .image_result import ImageResult
from .job_status import JobStatus
from .media_type import MediaType
from .mode import Mode
from .model_info import ModelInfo
from .model_sort import ModelSort
from .models_response import ModelsResponse
from .organization import Organization
from .period import Period
from .provider_balance import ProviderBalance
from .provider_balances_response import ProviderBalancesResponse
from .provider_key_deleted import ProviderKeyDeleted
from .provider_key_info import ProviderKeyInfo
from .provider_key_request import ProviderKeyRequest
from .provider_key_store_request import ProviderKeyStoreRequest
from .provider_keys_response import ProviderKeysResponse
from .provider_name import ProviderName
from .provider_validation_result import ProviderValidationResult
from .request_status import RequestStatus
from .request_status_result_type_0 import RequestStatusResultType0
from .resolution import Resolution
from .usage_log_entry import UsageLogEntry
from .usage_logs_page import UsageLogsPage
from .usage_summary import UsageSummary
from .usage_summary_by_model import UsageSummaryByModel
from .usage_summary_by_provider import UsageSummaryByProvider
from .usage_summary_provider_breakdown import UsageSummaryProviderBreakdown
from .video_generate_request import VideoGenerateRequest
from .video_result import VideoResult

__all__ = (
    "ApiErrorEnvelope",
    "ApiErrorEnvelopeDetailsType0",
    "ApiKeyInfo",
    "AuthIdentity",
    "BillingInfo",
    "BillingPricing",
    "BillingPricingPricing",
    "BillingStats",
    "Dashboard",
    "DashboardByModel",
    "DashboardByProvider",
    "DashboardDailyItem",
    "FeaturedSection",
    "GenerateRequest",
    "GenerateRequestParams",
    "GenerateResult",
    "GenerationAccepted",
    "GenerationStep",
    "HealthResponse",
    "ImageGenerateRequest",
    "ImageResult",
    "JobStatus",
    "MediaType",
    "Mode",
    "ModelInfo",
    "ModelSort",
    "ModelsResponse",
    "Organization",
    "Period",
    "ProviderBalance",
    "ProviderBalancesResponse",
    "ProviderKeyDeleted",
    "ProviderKeyInfo",
    "ProviderKeyRequest",
    "ProviderKeysResponse",
    "ProviderKeyStoreRequest",
    "ProviderName",
    "ProviderValidationResult",
    "RequestStatus",
    "RequestStatusResultType0",
    "Resolution",
    "UsageLogEntry",
    "UsageLogsPage",
    "UsageSummary",
    "UsageSummaryByModel",
    "UsageSummaryByProvider",
    "UsageSummaryProviderBreakdown",
    "VideoGenerateRequest",
    "VideoResult",
)
