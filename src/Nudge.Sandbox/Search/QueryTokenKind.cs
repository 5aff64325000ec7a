namespace Nudge.Sandbox.Search;

/// <summary>The kinds of token in a Gmail search query.</summary>
internal enum QueryTokenKind
{
    Term,
    OperatorGroup,
    Not,
    Or,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
}
