namespace LanguageId;
public static class Vocabulary { public const int Capacity = 96; }
public static class Languages { public const int Count = 4; }
