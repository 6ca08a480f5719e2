namespace OceanClassic.MergeServer.Engine.Operators;

// ORDER BY one position of the row being sorted.
public readonly record struct SortKey(int Index, bool Descending);
