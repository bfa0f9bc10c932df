namespace Events.Tests.Infrastructure;

/// <summary>An exception and every exception inside it (inner and aggregated), to find the one a failed start-up was about.</summary>
public static class ExceptionChain
{
    public static IEnumerable<Exception> Of(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Of))
                    yield return inner;
        }
    }
}
