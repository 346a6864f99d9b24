namespace Symphony.Application.Common;

/// <summary>A call refused by the egress policy. The message names the destination and why.</summary>
public sealed class EgressDeniedException(string message) : Exception(message);
