using System.Globalization;
using Xunit;

namespace ModelCompiler.Generator.Tests
{
    /// <summary>The generated text does not depend on the build machine's culture (locale minus sign, decimal comma).</summary>
    public class CultureTests
    {
        private const string Source = "using ModelCompiler;\n[Model(Steps = 3, Seed = -7)][Input(2)][Lstm(4, Layers = 2, Dropout = 0.25f)][Dense(1)][Loss(LossKind.Mse)][Sgd(LearningRate = 0.0005f, Momentum = 0.9f)][ClipGradValue(1.5f)]\npublic partial class C { }";

        [Fact]
        public void LiteralsAreInvariantUnderATrapCulture()
        {
            string expected = Under(CultureInfo.InvariantCulture);

            var trap = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            trap.NumberFormat.NegativeSign = "\u2212";
            trap.NumberFormat.NumberDecimalSeparator = ",";
            trap.NumberFormat.NumberGroupSeparator = "\u00a0";
            string actual = Under(trap);

            Assert.Equal(expected, actual);
            Assert.DoesNotContain("\u2212", actual);
            Assert.Contains("-7,", actual);
            Assert.Contains("0.0005f", actual);
            Assert.Contains("0.25f", actual);
        }

        private static string Under(CultureInfo culture)
        {
            CultureInfo saved = CultureInfo.CurrentCulture, savedUi = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                return TestCompilation.GeneratedText(Source);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
                CultureInfo.CurrentUICulture = savedUi;
            }
        }
    }
}
