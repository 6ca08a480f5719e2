namespace OceanClassic.MergeServer.Sql.Ast;

// AND, OR and XOR are associative, under three-valued logic too, and a tree of one of them evaluates its
// operands left to right whatever its shape (AND and OR stop at the same operand). So a chain of n
// operands — `id = 0 OR id = 1 OR ... ` as ORMs write them — is stored as a balanced tree of depth
// log2(n), and every recursive walker stays shallow. The tree depends only on the operands in order, not
// on how parentheses grouped them, so printing (which leaves such parentheses out) and parsing again
// gives the same tree.
public static class LogicalChain
{
    public static bool IsLogical(BinaryOperator op) => op is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Xor;

    // Appends the operands of `expr` as a chain of `op`: its leaves if it is such a tree, else itself.
    public static void AddOperands(BinaryOperator op, Expr expr, List<Expr> operands)
    {
        var pending = new Stack<Expr>();
        pending.Push(expr);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next is BinaryExpr binary && binary.Operator == op)
            {
                pending.Push(binary.Right);
                pending.Push(binary.Left);
            }
            else
            {
                operands.Add(next);
            }
        }
    }

    // The balanced tree over operands[0..]; a left operand gets the larger half, so two or three
    // operands give the left-deep tree a plain parse would.
    public static Expr Build(BinaryOperator op, IReadOnlyList<Expr> operands)
    {
        ArgumentOutOfRangeException.ThrowIfZero(operands.Count);
        return Build(op, operands, 0, operands.Count);
    }

    private static Expr Build(BinaryOperator op, IReadOnlyList<Expr> operands, int start, int end)
    {
        if (end - start == 1)
        {
            return operands[start];
        }

        int middle = start + ((end - start + 1) / 2);
        return new BinaryExpr(op, Build(op, operands, start, middle), Build(op, operands, middle, end));
    }
}
