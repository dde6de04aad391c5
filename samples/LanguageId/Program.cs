System.Console.WriteLine(LanguageId.LanguageClassifier.Summary);
