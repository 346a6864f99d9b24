using Symphony.Domain.Common;

namespace Symphony.Domain.Audit;

/// <summary>One immutable line of the platform audit log.</summary>
public sealed class AuditEvent : Entity
{
    public DateTime OccurredAt { get; set; }
    public required string Action { get; set; }
    public Guid? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public Guid? WorkspaceId { get; set; }
    public string? IpAddress { get; set; }
    public string? TraceId { get; set; }
    /// <summary>JSON object with the event's details; never a secret.</summary>
    public string Details { get; set; } = "{}";
}

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "auth.login";
    public const string LoginFailed = "auth.login_failed";
    public const string Logout = "auth.logout";
    /// <summary>A person ended one of their sessions from their list of them (My account).</summary>
    public const string SessionRevoked = "auth.session_revoked";
    public const string TokenCreated = "auth.token_created";
    public const string TokenRevoked = "auth.token_revoked";
    public const string TokenReuseDetected = "auth.token_reuse";
    public const string PasswordChanged = "auth.password_changed";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserDeleted = "user.deleted";
    public const string UserPasswordReset = "user.password_reset";
    public const string WorkspaceCreated = "workspace.created";
    public const string WorkspaceUpdated = "workspace.updated";
    public const string WorkspaceDeleted = "workspace.deleted";
    public const string MemberAdded = "membership.added";
    public const string ServiceAccountCreated = "service_account.created";
    public const string ServiceAccountDeleted = "service_account.deleted";
    public const string MemberRoleChanged = "membership.role_changed";
    public const string MemberRemoved = "membership.removed";
    public const string VaultLocked = "vault.locked";
    public const string VaultUnlocked = "vault.unlocked";
    public const string UserUnlocked = "user.unlocked";
    public const string CredentialCreated = "credential.created";
    public const string CredentialUpdated = "credential.updated";
    public const string CredentialDeleted = "credential.deleted";
    /// <summary>A secret was decrypted for a connection test, a table refresh or a run's item.</summary>
    public const string CredentialUsed = "credential.used";
    public const string InstancesExported = "instance.exported";
    /// <summary>The account change log was exported as CSV (who took a copy of who holds what).</summary>
    public const string AccountChangesExported = "account_change.exported";
    public const string AccountsExported = "account.exported";
    /// <summary>Where an instance is and which credential it uses: where its secret will be sent.</summary>
    public const string InstanceCreated = "instance.created";
    public const string InstanceUpdated = "instance.updated";
    public const string InstanceDeleted = "instance.deleted";
    public const string InstanceRestored = "instance.restored";
    public const string InstancesImported = "instance.imported";
    public const string TagCreated = "tag.created";
    public const string TagUpdated = "tag.updated";
    /// <summary>A tag deleted, with how many instances it was taken off (force).</summary>
    public const string TagDeleted = "tag.deleted";
    /// <summary>Tags put on or taken off instances in bulk, with the codes and how many pairs changed.</summary>
    public const string TagsAssigned = "tag.assigned";
    public const string TagsRemoved = "tag.removed";
    public const string ClassificationCreated = "classification.created";
    public const string ClassificationUpdated = "classification.updated";
    public const string ClassificationDeleted = "classification.deleted";
    /// <summary>A new version of a classification's rule, with the db type and version.</summary>
    public const string ClassificationRuleAdded = "classification.rule_added";
    /// <summary>Where a workspace's events are sent: name, URL and events (never the secret).</summary>
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookTested = "webhook.tested";
    public const string EngineCreated = "engine.created";
    public const string EngineUpdated = "engine.updated";
    public const string EngineDeleted = "engine.deleted";
    public const string AutomationCreated = "automation.created";
    public const string AutomationUpdated = "automation.updated";
    public const string AutomationDeleted = "automation.deleted";
    public const string JobCreated = "scheduler_job.created";
    public const string JobUpdated = "scheduler_job.updated";
    public const string JobDeleted = "scheduler_job.deleted";
    public const string JobPaused = "scheduler_job.paused";
    public const string JobResumed = "scheduler_job.resumed";
    public const string JobsReloaded = "scheduler_job.reloaded";
    /// <summary>A connection test of a target given in full (not a saved instance): who probed which host and port.</summary>
    public const string TargetProbed = "connection.adhoc_test";
}
