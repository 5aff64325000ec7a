using Fluid;
using Fluid.Ast;
using Fluid.Ast.BinaryExpressions;
using Fluid.Values;

namespace Nudge.Core.Sequences;

/// <summary>
/// Collects the contact fields a <c>when</c> condition reads, and rejects comparing a field with a number: fields are
/// text, and Liquid compares text with a number as unequal and unordered, so <c>employees > 50</c> would silently be false.
/// </summary>
internal sealed class ConditionFieldCollector : AstVisitor
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "empty", "blank", "nil", "null", "true", "false" };
    private readonly SortedSet<string> _fields = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Fields => _fields;

    public string? Problem { get; private set; }

    public new void VisitTemplate(IFluidTemplate template) => base.VisitTemplate(template);

    public override Expression Visit(Expression expression)
    {
        if (Problem is null
            && expression is EqualBinaryExpression or NotEqualBinaryExpression or GreaterThanBinaryExpression or LowerThanBinaryExpression
            && expression is BinaryExpression binary)
        {
            var member = binary.Left as MemberExpression ?? binary.Right as MemberExpression;
            var field = member is { Segments.Count: > 0 } ? member.Segments[0] as IdentifierSegment : null;
            var number = (binary.Left as LiteralExpression ?? binary.Right as LiteralExpression)?.Value as NumberValue;
            if (field is not null && number is not null)
            {
                Problem = $"compares field '{field.Identifier}' with the number {number.ToStringValue()}, but contact fields are text: " +
                          $"quote the value ('{number.ToStringValue()}') to compare text";
            }
        }

        return base.Visit(expression);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        if (memberExpression.Segments.Count > 0 && memberExpression.Segments[0] is IdentifierSegment root && !Keywords.Contains(root.Identifier))
        {
            _fields.Add(root.Identifier);
        }

        return base.VisitMemberExpression(memberExpression);
    }
}
