using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Symphony.Application.Tests;

/// <summary>LINQ to objects behind EF Core's async query interfaces, for testing query composition without a database.</summary>
internal sealed class AsyncQueryable<T>(IEnumerable<T> items) : EnumerableQuery<T>(items), IAsyncEnumerable<T>, IQueryable<T>
{
    private AsyncQueryable(Expression expression) : this(new EnumerableQuery<T>(expression)) { }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(this.AsEnumerable().GetEnumerator());

    IQueryProvider IQueryable.Provider => new Provider(this);

    private sealed class Provider(IQueryProvider inner) : IAsyncQueryProvider
    {
        public IQueryable CreateQuery(Expression expression) => new AsyncQueryable<T>(expression);
        public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new AsyncQueryable<TElement>(expression);
        public object? Execute(Expression expression) => inner.Execute(expression);
        public TResult Execute<TResult>(Expression expression) => inner.Execute<TResult>(expression);

        public TResult ExecuteAsync<TResult>(Expression expression, CancellationToken cancellationToken = default)
        {
            var resultType = typeof(TResult).GetGenericArguments()[0];
            var value = typeof(IQueryProvider).GetMethods().Single(m => m.Name == nameof(IQueryProvider.Execute) && m.IsGenericMethod)
                .MakeGenericMethod(resultType).Invoke(inner, [expression]);
            return (TResult)typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(resultType).Invoke(null, [value])!;
        }
    }

    private sealed class Enumerator(IEnumerator<T> inner) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;
        public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(inner.MoveNext());
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
