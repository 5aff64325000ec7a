using Fluid;
using Fluid.Ast;

namespace Nudge.Core.Templates;

/// <summary>
/// Walks a parsed template and collects the merge fields it cannot render without. A field is optional where the
/// template says what to do without it: passed through <c>default</c>, tested by <c>if</c>/<c>unless</c>, or used
/// inside a block guarded by such a test. Names the template defines itself (assign, capture, for) are not fields.
/// </summary>
/// <remarks>
/// Fluid's own <c>StrictVariables</c> cannot serve: it throws before <c>default</c> gets a chance, so a fallback such
/// as <c>{{ first_name | default: "there" }}</c> would be an error too.
/// </remarks>
internal sealed class RequiredFieldCollector : AstVisitor
{
    private readonly HashSet<MemberExpression> _guarded = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _required = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _local = new(StringComparer.Ordinal) { "forloop", "empty", "blank", "nil", "null" };
    private readonly List<HashSet<string>> _testedScopes = [];
    private int _conditionDepth;

    public static IReadOnlySet<string> Collect(IFluidTemplate template) => CollectBoth(template).Required;

    /// <summary>The fields the template cannot render without, and every field it reads at all (with a fallback or not).</summary>
    public static (IReadOnlySet<string> Required, IReadOnlySet<string> Used) CollectBoth(IFluidTemplate template)
    {
        var collector = new RequiredFieldCollector();
        collector.VisitTemplate(template);
        collector._required.ExceptWith(collector._local);
        collector._used.ExceptWith(collector._local);
        return (collector._required, collector._used);
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        if (string.Equals(filterExpression.Name, "default", StringComparison.Ordinal) && filterExpression.Input is MemberExpression member)
        {
            _guarded.Add(member);
        }

        return base.VisitFilterExpression(filterExpression);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        if (memberExpression.Segments.Count > 0 && memberExpression.Segments[0] is IdentifierSegment root)
        {
            var name = root.Identifier;
            _used.Add(name);
            var optional = _conditionDepth > 0 || _guarded.Contains(memberExpression) || _testedScopes.Any(s => s.Contains(name));
            if (!optional)
            {
                _required.Add(name);
            }
        }

        return base.VisitMemberExpression(memberExpression);
    }

    protected override Statement VisitIfStatement(IfStatement ifStatement)
    {
        VisitGuardedBlock(ifStatement.Condition, ifStatement.Statements);
        foreach (var elseIf in ifStatement.ElseIfs)
        {
            VisitGuardedBlock(elseIf.Condition, elseIf.Statements);
        }

        if (ifStatement.Else is not null)
        {
            VisitElseStatement(ifStatement.Else);
        }

        return ifStatement;
    }

    protected override Statement VisitUnlessStatement(UnlessStatement unlessStatement)
    {
        VisitGuardedBlock(unlessStatement.Condition, unlessStatement.Statements);
        if (unlessStatement.Else is not null)
        {
            VisitElseStatement(unlessStatement.Else);
        }

        return unlessStatement;
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        _local.Add(assignStatement.Identifier);
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        _local.Add(captureStatement.Identifier);
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        _local.Add(forStatement.Identifier);
        return base.VisitForStatement(forStatement);
    }

    private void VisitGuardedBlock(Expression condition, IReadOnlyList<Statement> statements)
    {
        var tested = new HashSet<string>(StringComparer.Ordinal);
        CollectRoots(condition, tested);

        _conditionDepth++;
        Visit(condition);
        _conditionDepth--;

        _testedScopes.Add(tested);
        foreach (var statement in statements)
        {
            Visit(statement);
        }

        _testedScopes.RemoveAt(_testedScopes.Count - 1);
    }

    private static void CollectRoots(Expression expression, HashSet<string> names)
    {
        switch (expression)
        {
            case MemberExpression { Segments: [IdentifierSegment root, ..] }:
                names.Add(root.Identifier);
                break;
            case BinaryExpression binary:
                CollectRoots(binary.Left, names);
                CollectRoots(binary.Right, names);
                break;
            case FilterExpression filter:
                CollectRoots(filter.Input, names);
                break;
            default:
                break;
        }
    }
}
