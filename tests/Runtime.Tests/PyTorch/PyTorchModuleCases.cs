using System;
using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Runtime.Tests.Generated;

namespace ModelCompiler.Runtime.Tests.PyTorch;

/// <summary>Every model class the tests declare, with its generated <c>PyTorchModule</c> text and a constructor.</summary>
internal static class PyTorchModuleCases
{
    public static readonly IReadOnlyDictionary<string, (string Module, Func<INetworkModel> Create)> All =
        new Dictionary<string, (string, Func<INetworkModel>)>(StringComparer.Ordinal)
        {
            [nameof(RowsClassifier)] = (RowsClassifier.PyTorchModule, () => new RowsClassifier()),
            [nameof(TokenTagger)] = (TokenTagger.PyTorchModule, () => new TokenTagger()),
            [nameof(VariableRegressor)] = (VariableRegressor.PyTorchModule, () => new VariableRegressor()),
            [nameof(StreamingLstm)] = (StreamingLstm.PyTorchModule, () => new StreamingLstm()),
            [nameof(CompiledStackedLstm)] = (CompiledStackedLstm.PyTorchModule, () => new CompiledStackedLstm()),
            [nameof(CompiledTiledGru)] = (CompiledTiledGru.PyTorchModule, () => new CompiledTiledGru()),
            [nameof(CompiledDenseFirstRnn)] = (CompiledDenseFirstRnn.PyTorchModule, () => new CompiledDenseFirstRnn()),
            [nameof(CompiledHeadlessLstm)] = (CompiledHeadlessLstm.PyTorchModule, () => new CompiledHeadlessLstm()),
            [nameof(CompiledTanhRnn)] = (CompiledTanhRnn.PyTorchModule, () => new CompiledTanhRnn()),
            [nameof(CompiledLargeGru)] = (CompiledLargeGru.PyTorchModule, () => new CompiledLargeGru()),
            [nameof(CompiledTokenGenerator)] = (CompiledTokenGenerator.PyTorchModule, () => new CompiledTokenGenerator()),
            [nameof(CompiledTokenSoftmax)] = (CompiledTokenSoftmax.PyTorchModule, () => new CompiledTokenSoftmax()),
            [nameof(CompiledSoftmaxRnn)] = (CompiledSoftmaxRnn.PyTorchModule, () => new CompiledSoftmaxRnn()),
            [nameof(CompiledRunLaneGruHead)] = (CompiledRunLaneGruHead.PyTorchModule, () => new CompiledRunLaneGruHead()),
            [nameof(CompiledRunLaneLstmHead)] = (CompiledRunLaneLstmHead.PyTorchModule, () => new CompiledRunLaneLstmHead()),
            [nameof(CompiledStridedLstm)] = (CompiledStridedLstm.PyTorchModule, () => new CompiledStridedLstm()),
            [nameof(PackedTokenTagger)] = (PackedTokenTagger.PyTorchModule, () => new PackedTokenTagger()),
            [nameof(ProjectedStack)] = (ProjectedStack.PyTorchModule, () => new ProjectedStack()),
            [nameof(PackedBidirectionalRegressor)] = (PackedBidirectionalRegressor.PyTorchModule, () => new PackedBidirectionalRegressor()),
            [nameof(OddlyNamedLayers)] = (OddlyNamedLayers.PyTorchModule, () => new OddlyNamedLayers()),
            [nameof(PackedSequenceClassifier)] = (PackedSequenceClassifier.PyTorchModule, () => new PackedSequenceClassifier()),
            [nameof(PackedTokenClassifier)] = (PackedTokenClassifier.PyTorchModule, () => new PackedTokenClassifier()),
            [nameof(BidirectionalRnnRegressor)] = (BidirectionalRnnRegressor.PyTorchModule, () => new BidirectionalRnnRegressor()),
            [nameof(None)] = (None.PyTorchModule, () => new None()),
            [nameof(InitializedLstm)] = (InitializedLstm.PyTorchModule, () => new InitializedLstm()),
            [nameof(InitializedTokenGru)] = (InitializedTokenGru.PyTorchModule, () => new InitializedTokenGru()),
            [nameof(FrozenEmbeddingTagger)] = (FrozenEmbeddingTagger.PyTorchModule, () => new FrozenEmbeddingTagger()),
            [nameof(FrozenEncoderRegressor)] = (FrozenEncoderRegressor.PyTorchModule, () => new FrozenEncoderRegressor()),
        };

    public static IEnumerable<object[]> Names => All.Keys.Select(name => new object[] { name });
}
