namespace Symphony.Domain.Common;

/// <summary>One entry of the message-code catalogue: the code clients branch on, its HTTP status and title.</summary>
public sealed record MessageCode(string Code, int Status, string Title);

/// <summary>The one catalogue of message codes. docs/reference/message-codes.md lists the same set (a test keeps them equal).</summary>
public static class MessageCodes
{
    public static readonly MessageCode ValidationError = new("VALIDATION_ERROR", 400, "The request is not valid");
    public static readonly MessageCode NothingInScope = new("NOTHING_IN_SCOPE", 400, "No active instance is in the scope given");
    public static readonly MessageCode RequestDataEmpty = new("REQUEST_DATA_EMPTY", 400, "The request body, or the list a bulk request acts on, is empty");
    public static readonly MessageCode AuthenticationRequired = new("AUTHENTICATION_REQUIRED", 401, "Authentication is required");
    public static readonly MessageCode InvalidCredentials = new("INVALID_CREDENTIALS", 401, "The username or password is wrong");
    public static readonly MessageCode TokenReused = new("TOKEN_REUSED", 401, "The refresh token was already used; its session is revoked");
    public static readonly MessageCode TokenRevoked = new("TOKEN_REVOKED", 401, "The token or its session was revoked or has expired");
    public static readonly MessageCode AccountDisabled = new("ACCOUNT_DISABLED", 403, "The account is disabled");
    public static readonly MessageCode PermissionDenied = new("PERMISSION_DENIED", 403, "The caller's role does not allow this");
    public static readonly MessageCode CsrfMissing = new("CSRF_MISSING", 403, "The X-CSRF-Token header is missing");
    public static readonly MessageCode CsrfInvalid = new("CSRF_INVALID", 403, "The X-CSRF-Token header is not valid for this session");
    public static readonly MessageCode ResourceNotFound = new("RESOURCE_NOT_FOUND", 404, "The resource does not exist");
    public static readonly MessageCode MethodNotAllowed = new("METHOD_NOT_ALLOWED", 405, "The method is not allowed on this resource");
    public static readonly MessageCode NameExists = new("NAME_EXISTS", 409, "The name is already in use");
    public static readonly MessageCode AlreadyExists = new("ALREADY_EXISTS", 409, "An equal resource already exists");
    public static readonly MessageCode ConcurrentModification = new("CONCURRENT_MODIFICATION", 409, "The resource was changed by someone else; reload it and retry");
    public static readonly MessageCode LastAdminRequired = new("LAST_ADMIN_REQUIRED", 409, "The last active admin cannot be disabled, demoted or deleted");
    public static readonly MessageCode IdempotencyKeyReused = new("IDEMPOTENCY_KEY_REUSED", 409, "The Idempotency-Key was already used for another operation");
    public static readonly MessageCode LimitExceeded = new("LIMIT_EXCEEDED", 409, "A configured limit would be exceeded");
    public static readonly MessageCode VaultLocked = new("VAULT_LOCKED", 409, "The vault is locked");
    public static readonly MessageCode SecretUnreadable = new("SECRET_UNREADABLE", 409, "The stored secret cannot be decrypted: its master key is missing or the data was altered");
    public static readonly MessageCode SnapshotMissing = new("SNAPSHOT_MISSING", 409, "Nothing was collected yet: run the sync that collects it first");
    public static readonly MessageCode PermissionFactsMissing = new("PERMISSION_FACTS_MISSING", 409, "The account or instance has no permission facts yet: run an accounts sync first");
    public static readonly MessageCode BuiltinReadOnly = new("BUILTIN_READ_ONLY", 409, "A built-in automation is read-only except for its attempts, concurrency and retry delay");
    public static readonly MessageCode JobBuiltIn = new("JOB_BUILT_IN", 409, "A built-in job comes from the scheduler file and cannot be deleted; pause it instead");
    public static readonly MessageCode JobRunActive = new("JOB_RUN_ACTIVE", 409, "The job's previous run is still active");
    public static readonly MessageCode ClassificationInUse = new("CLASSIFICATION_IN_USE", 409, "The classification holds accounts; delete it with force=true to take them out of it");
    public static readonly MessageCode TagInUse = new("TAG_IN_USE", 409, "The tag is assigned to instances; take it off them first, or delete it with force=true");
    public static readonly MessageCode InvalidStateTransition = new("INVALID_STATE_TRANSITION", 409, "The state transition is not allowed");
    public static readonly MessageCode PayloadTooLarge = new("PAYLOAD_TOO_LARGE", 413, "The request body is too large");
    public static readonly MessageCode UnsupportedMediaType = new("UNSUPPORTED_MEDIA_TYPE", 415, "The request body must be application/json");
    public static readonly MessageCode UnsupportedDbType = new("UNSUPPORTED_DB_TYPE", 422, "No driver for this database type is available on this node");
    public static readonly MessageCode DatabaseConnectionError = new("DATABASE_CONNECTION_ERROR", 502, "The database could not be reached or refused the connection");
    public static readonly MessageCode SyncDataError = new("SYNC_DATA_ERROR", 502, "The data collected from the target was incomplete or inconsistent");
    public static readonly MessageCode EgressDenied = new("EGRESS_DENIED", 422, "The destination is not allowed by the egress policy");
    public static readonly MessageCode InvalidDslExpression = new("INVALID_DSL_EXPRESSION", 422, "The classification rule is not valid in the rule language");
    public static readonly MessageCode RuleBudgetExceeded = new("RULE_BUDGET_EXCEEDED", 422, "Evaluating the rules took longer than their time budget");
    public static readonly MessageCode SchemaValidationFailed = new("SCHEMA_VALIDATION_FAILED", 422, "The payload does not match its JSON Schema");
    public static readonly MessageCode RateLimitExceeded = new("RATE_LIMIT_EXCEEDED", 429, "Too many attempts; wait and retry");
    public static readonly MessageCode StoreUnavailable = new("STORE_UNAVAILABLE", 503, "Symphony's database cannot be reached right now; retry shortly");
    public static readonly MessageCode TaskExecutionFailed = new("TASK_EXECUTION_FAILED", 500, "An item's executor failed in a way not classified further");
    public static readonly MessageCode InternalError = new("INTERNAL_ERROR", 500, "An unexpected error occurred");

    /// <summary>Every code above, read from the fields so a new code cannot be left out.</summary>
    public static IReadOnlyList<MessageCode> All { get; } =
        [.. typeof(MessageCodes).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(MessageCode)).Select(f => (MessageCode)f.GetValue(null)!)];
}
