using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Server.Hosting;

/// <summary>
/// The OpenAPI document at <c>/api/v1/openapi.json</c>. Each endpoint declares its id, summary, description and
/// success answers where it is mapped; this completes every operation with what follows from Symphony's conventions:
/// the problem answers its kind of endpoint can give, a list's paging, sort and filter parameters (read from the list's
/// definition), <c>If-Match</c>, <c>Idempotency-Key</c>, <c>Location</c> and <c>ETag</c>. Tests hold it to the real
/// answers of every endpoint, and Spectral lints it.
/// </summary>
public static class OpenApiSetup
{
    public const string ProblemSchemaId = "Problem";
    private const string ProblemContentType = "application/problem+json";

    public static IServiceCollection AddSymphonyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer(DescribeDocument);
            o.AddSchemaTransformer(TypeCheckedStrings);
            o.AddOperationTransformer(CompleteOperation);
        });

    /// <summary>Every tag of the operations, in the order a reader meets them.</summary>
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Auth"] = "Signing in and out, tokens, and the caller's own profile.",
        ["Tokens"] = "Personal access tokens for scripts and pipelines.",
        ["Users"] = "User administration (admins).",
        ["Workspaces"] = "Workspaces: isolated parts of the fleet, each with its members.",
        ["Members"] = "Who belongs to a workspace, and as viewer, operator or owner.",
        ["Service accounts"] = "Identities of a workspace for pipelines, acting through their tokens.",
        ["Dashboard"] = "A workspace's overview.",
        ["Repos"] = "Code repositories registered in a workspace.",
        ["Vaults"] = "Vaults of encrypted credentials.",
        ["Credentials"] = "Credentials of a vault; secrets go in and never come out.",
        ["Instances"] = "The inventory of database instances, connection tests, and the syncs that read them.",
        ["Accounts"] = "The account ledger the accounts syncs fill, and its change log.",
        ["Tags"] = "Tags on instances, to group and target them.",
        ["Classifications"] = "Classes of accounts and the versioned rules that fill them.",
        ["Capacity"] = "Database sizes, their history, summaries, growers and forecasts.",
        ["Alerts"] = "Webhooks told of events, and their deliveries.",
        ["Automations"] = "Automations of the engine: a handler with its retry policy and schemas.",
        ["Batches"] = "Batches of an automation's items.",
        ["Items"] = "Items of a batch: one unit of work each.",
        ["Runs"] = "Runs: executions of an automation's items, with a record per item and its history.",
        ["Scheduler"] = "Scheduled jobs and their firings.",
        ["Engines"] = "External engines runs can be linked to.",
        ["Orchestration"] = "Workflows on external engines, their links to runs and their status callbacks.",
        ["Audit"] = "The audit log (admins).",
        ["Partitions"] = "The store's monthly partitions (admins).",
    };

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Symphony API",
            Version = "v1",
            Description = "Operations platform for database fleets: instances, credentials, accounts, capacity, classification, "
                + "automations and their runs. Errors are RFC 7807 problems with a `message_code` (see the Problem schema).",
            Contact = new OpenApiContact { Name = "The operators of this Symphony server" },
        };
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        // The server's own address, without the trailing slash the generator leaves.
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/') is { Length: > 0 } url ? url : "/";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An access token from `POST /api/v1/auth/login`, or a personal access token.",
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Strings are read by Symphony's checked converter, which the generator cannot see through: without this they
    /// would be documented as any JSON value.
    /// </summary>
    private static Task TypeCheckedStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null)
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        else if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is null && ElementType(type) == typeof(string))
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        return Task.CompletedTask;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Task CompleteOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        Api.Deprecation.Describe(operation, metadata);
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var writes = method is not ("GET" or "HEAD");
        var hasBody = operation.RequestBody is not null;
        var list = metadata.OfType<MethodInfo>().SelectMany(m => m.GetParameters()).Select(p => ListShapeOf(p.ParameterType)).FirstOrDefault(s => s is not null);
        operation.Parameters ??= [];
        if (list is not null) AddListParameters(operation, list);
        if (RequestType(metadata)?.GetProperty("Version") is not null)
            operation.Parameters.Add(Header("If-Match", "The version the change is based on, as the ETag gave it (`\"3\"`); instead of the body's `version`. A stale version answers 409 CONCURRENT_MODIFICATION."));
        var startsRun = writes && operation.Parameters.Any(p => p.Name == "wait");
        if (startsRun)
            operation.Parameters.Add(Header("Idempotency-Key", "Any string up to 200 characters: a repeated request with the same key answers the run the first one started, instead of starting another."));
        // A parameter the handler reads from the request itself (to refuse one given twice, or a list's filters) is declared by its metadata alone.
        foreach (var declared in metadata.OfType<QueryParameterMetadata>().Where(q => operation.Parameters.All(p => p.Name != q.Name)))
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = declared.Name, In = ParameterLocation.Query, Required = declared.Required,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = declared.MaxLength ?? 200 },
            });
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            Describe(parameter, metadata.OfType<QueryParameterMetadata>().FirstOrDefault(q => q.Name == parameter.Name));

        if (metadata.OfType<RequestExampleMetadata>().FirstOrDefault() is { } example
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = example.Json.DeepClone();

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse { Description: "OK" or "Created" or "Accepted" or "No Content" } plain)
                plain.Description = SuccessDescriptions[status];
            if (status is "201" or "202" && response is OpenApiResponse created)
                AddHeader(created, "Location", "The address of what was created or started.");
            if (metadata.OfType<ETagMetadata>().Any() && status == "200" && response is OpenApiResponse tagged)
                AddHeader(tagged, "ETag", "The resource's version (`\"3\"`), for `If-Match`.");
        }

        var problems = new SortedSet<int>();
        if (hasBody || list is not null || operation.Parameters.Any(p => p.In == ParameterLocation.Query)) problems.Add(400);
        if (signedIn) problems.UnionWith([401, 403]);
        if (description.RelativePath?.Contains('{', StringComparison.Ordinal) == true) problems.Add(404);
        if (signedIn && writes) problems.Add(409);
        if (hasBody) problems.UnionWith([413, 415, 422]);
        foreach (var declared in metadata.OfType<ProblemAnswersMetadata>()) problems.UnionWith(declared.Statuses);
        // Every operation reads or writes the store, which a failover takes away for seconds.
        problems.Add(503);
        foreach (var status in problems)
            AddProblem(operation, context.Document!, status);
        return Task.CompletedTask;
    }

    private static readonly Dictionary<string, string> SuccessDescriptions = new()
    {
        ["200"] = "Done: the answer.",
        ["201"] = "Created: the new resource, at the address in Location.",
        ["202"] = "Accepted: the run, still working; Location is its address.",
        ["204"] = "Done, with nothing to answer.",
    };

    private static Type? RequestType(IList<object> metadata) =>
        metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().Select(m => m.RequestType).FirstOrDefault(t => t is not null);

    private static IListShape? ListShapeOf(Type handler) =>
        handler.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IListShape;

    private static void AddListParameters(OpenApiOperation operation, IListShape list)
    {
        operation.Parameters!.Add(Query("page", "The page, from 1.", Integer(1, ListDefinition<object>.MaxPage, 1)));
        operation.Parameters.Add(Query("limit", "Items per page.", Integer(1, ListDefinition<object>.MaxLimit, ListDefinition<object>.DefaultLimit)));
        operation.Parameters.Add(Query("sort", $"The field to sort by; by default `{list.DefaultSort}`.", Strings(list.SortNames, list.DefaultSort)));
        operation.Parameters.Add(Query("order", "Ascending or descending; by default the sort's own order.", Strings(["asc", "desc"], null)));
        foreach (var filter in list.FilterNames.Where(f => operation.Parameters.All(p => p.Name != f)))
            operation.Parameters.Add(Query(filter, list.IsAnyOf(filter)
                ? "Matches any of several values: repeat the parameter or separate the values with commas."
                : "Filters the list by this field.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 }));
        if (list.AllowsIncludeDeleted)
            operation.Parameters.Add(Query("include_deleted", "Lists deleted ones too.", new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = false }));
    }

    private static void Describe(OpenApiParameter parameter, QueryParameterMetadata? documented)
    {
        if (documented is not null && parameter.In == ParameterLocation.Query)
        {
            parameter.Description = documented.Description;
            var schema = (OpenApiSchema)parameter.Schema!;
            if (documented.Minimum is { } minimum) schema.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
            if (documented.Maximum is { } maximum) schema.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
            if (documented.Values is { } values) schema.Enum = [.. values.Select(v => (JsonNode)v)];
            if (documented.Default is { } value) schema.Default = documented.Minimum is null ? value : int.Parse(value, CultureInfo.InvariantCulture);
        }
        else if (parameter.Name == "wait" && parameter.In == ParameterLocation.Query)
        {
            parameter.Description ??= "Seconds to wait for the run to finish (0 to 60): 200 with the finished run, or 202 when it is still working.";
            parameter.Schema = Integer(0, 60, 0);
        }
        else if (parameter.Name == "workspace" && parameter.In == ParameterLocation.Path)
            parameter.Description ??= "The workspace's slug or id.";
        else if (parameter.In == ParameterLocation.Path)
            parameter.Description ??= "The resource's id.";
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };

    private static OpenApiParameter Header(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 } };

    private static OpenApiSchema Integer(int minimum, int maximum, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(CultureInfo.InvariantCulture),
        Default = @default,
    };

    private static OpenApiSchema Strings(IEnumerable<string> values, string? @default) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (JsonNode)v)],
        Default = @default,
    };

    private static void AddHeader(OpenApiResponse response, string name, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }

    /// <summary>A problem answer, described by the message codes of the catalogue that carry its status.</summary>
    private static void AddProblem(OpenApiOperation operation, OpenApiDocument document, int status)
    {
        EnsureProblemSchema(document);
        var key = status.ToString(CultureInfo.InvariantCulture);
        var codes = MessageCodes.All.Where(c => c.Status == status).Select(c => $"`{c.Code}` ({char.ToLowerInvariant(c.Title[0])}{c.Title[1..]})");
        var response = operation.Responses!.TryGetValue(key, out var declared) && declared is OpenApiResponse known ? known : new OpenApiResponse();
        response.Description = response.Description is { Length: > 0 } and not "OK" ? response.Description : "A problem: " + string.Join("; ", codes) + ".";
        response.Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaId, document) },
        };
        if (status is 429 or 503) AddHeader(response, "Retry-After", "Seconds to wait before trying again.");
        operation.Responses[key] = response;
    }

    private static void EnsureProblemSchema(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(ProblemSchemaId)) return;
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        document.Components.Schemas[ProblemSchemaId] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 7807 problem. Branch on `message_code`; quote `trace_id` when reporting it.",
            Required = new HashSet<string> { "type", "title", "status", "message_code", "trace_id" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI naming the kind of problem."),
                ["title"] = Text("The message code's title."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("What went wrong with this request, for a person."),
                ["instance"] = Text("The path of the request."),
                ["message_code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The code clients branch on: " + string.Join(", ", MessageCodes.All.Select(c => c.Code)) + ". New codes may be added.",
                },
                ["trace_id"] = Text("The request's W3C trace id, also in the server's logs."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "For a bad request: one entry per field in error.",
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "field", "message", "code" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["field"] = Text("The field or parameter, in the request's own spelling."),
                            ["message"] = Text("What is wrong with it."),
                            ["code"] = Text("A message code."),
                        },
                    },
                },
            },
        };
    }
}

/// <summary>Problem answers an endpoint gives besides those of its kind (a target's failure as 502, a rate limit as 429).</summary>
public sealed record ProblemAnswersMetadata(params int[] Statuses);

/// <summary>What a query parameter the handler binds means, and its bounds, allowed values and default.</summary>
public sealed record QueryParameterMetadata(
    string Name, string Description, int? Minimum = null, int? Maximum = null, string? Default = null, string[]? Values = null, bool Required = false, int? MaxLength = null);

/// <summary>An example of an endpoint's JSON request body.</summary>
public sealed record RequestExampleMetadata(JsonNode Json);

/// <summary>Marks an endpoint whose 200 answer carries the resource's version as its ETag.</summary>
public sealed class ETagMetadata
{
    public static ETagMetadata Instance { get; } = new();
}
