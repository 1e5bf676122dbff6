namespace Inference.Engine.Generation;

/// <summary>
/// How a submission counts against the scheduler's queue bound (<see cref="SchedulerOptions.MaxQueuedRequests"/>).
/// The bound is where a server says "come back later" (429); it must say so only before it accepted the work.
/// </summary>
public enum QueueAdmission
{
    /// <summary>A new request: refused with <see cref="QueueFullException"/> when the queue is at its bound.</summary>
    New,

    /// <summary>
    /// More work of a request that was already admitted (a later early-stopping wave, another prompt of the same
    /// call): it waits in the queue, in order, like any other submission, but is never refused for a full queue, so
    /// accepted work is not dropped halfway. The queue can then hold more than its bound, by at most the follow-ups of
    /// requests already admitted (each has at most one outstanding at a time per prompt).
    /// </summary>
    FollowUp,
}
