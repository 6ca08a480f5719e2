namespace OceanClassic.MergeServer.Engine.Binding;

// ORDER BY one position of the row being sorted.
public readonly record struct SortKey(int Index, bool Descending);
