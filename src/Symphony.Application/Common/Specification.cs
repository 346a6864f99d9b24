using System.Linq.Expressions;

namespace Symphony.Application.Common;

/// <summary>A composable query criterion that EF Core translates to SQL.</summary>
public sealed class Specification<T>(Expression<Func<T, bool>> criteria)
{
    public Expression<Func<T, bool>> Criteria { get; } = criteria;

    public Specification<T> And(Specification<T> other) => Combine(other, Expression.AndAlso);
    public Specification<T> Or(Specification<T> other) => Combine(other, Expression.OrElse);

    public Specification<T> Not()
    {
        var parameter = Criteria.Parameters[0];
        return new(Expression.Lambda<Func<T, bool>>(Expression.Not(Criteria.Body), parameter));
    }

    private Specification<T> Combine(Specification<T> other, Func<Expression, Expression, BinaryExpression> join)
    {
        var parameter = Criteria.Parameters[0];
        var otherBody = new ReplaceParameter(other.Criteria.Parameters[0], parameter).Visit(other.Criteria.Body);
        return new(Expression.Lambda<Func<T, bool>>(join(Criteria.Body, otherBody), parameter));
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

public static class SpecificationExtensions
{
    public static IQueryable<T> Where<T>(this IQueryable<T> query, Specification<T> specification) =>
        query.Where(specification.Criteria);
}

/// <summary>Criteria that hold for every row.</summary>
public static class Specification
{
    public static Specification<T> All<T>() => new(_ => true);
}
