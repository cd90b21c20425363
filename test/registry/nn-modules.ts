/**
 * nn's convolution, pooling, normalisation, resizing, dropout and bilinear layers, the keyed and
 * parameter containers, and the margin, likelihood and CTC loss modules, in the module registry
 * (see ./modules.ts): outputs, input and parameter gradients, buffers after the forward and
 * state-dict names against PyTorch, several configurations each.
 */
import { ones, tensor, zeros } from '@chainrule/autograd';
import { nn } from '@chainrule/nn';
import * as F from '@chainrule/nn/functional';
import type { ModuleEntry } from './modules.js';
import { f, fc0, int } from './types.js';
import type { Input } from './types.js';

const distinct = (shape: readonly number[]): Input => ({ shape, distinct: true });
const signs = (shape: readonly number[], values: readonly number[]): Input => ({ shape, values, grad: false });

export const layerModules: Record<string, ModuleEntry> = {
  conv1d: { make: () => new nn.Conv1d(4, 6, 3, { stride: 2, padding: 1, groups: 2 }), torch: 'nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2)', inputs: [f([2, 4, 7])] },
  conv1dSameReflect: {
    make: () => new nn.Conv1d(2, 3, 4, { padding: 'same', paddingMode: 'reflect', dilation: 2 }),
    torch: "nn.Conv1d(2, 3, 4, padding='same', padding_mode='reflect', dilation=2)",
    inputs: [f([2, 2, 8])],
  },
  conv2dCircular: {
    make: () => new nn.Conv2d(2, 2, 3, { padding: [1, 2], paddingMode: 'circular', bias: false }),
    torch: "nn.Conv2d(2, 2, 3, padding=(1, 2), padding_mode='circular', bias=False)",
    inputs: [f([1, 2, 4, 5])],
  },
  conv2dReplicate: { make: () => new nn.Conv2d(1, 2, 2, { stride: 2, padding: 1, paddingMode: 'replicate' }), torch: "nn.Conv2d(1, 2, 2, stride=2, padding=1, padding_mode='replicate')", inputs: [f([2, 1, 3, 4])] },
  conv3d: { make: () => new nn.Conv3d(2, 3, [2, 3, 2], { stride: [1, 2, 1], padding: 1 }), torch: 'nn.Conv3d(2, 3, (2, 3, 2), stride=(1, 2, 1), padding=1)', inputs: [f([1, 2, 3, 4, 3])] },
  convTranspose1d: { make: () => new nn.ConvTranspose1d(3, 4, 3, { stride: 2, padding: 1, outputPadding: 1 }), torch: 'nn.ConvTranspose1d(3, 4, 3, stride=2, padding=1, output_padding=1)', inputs: [f([2, 3, 5])] },
  convTranspose2d: {
    make: () => new nn.ConvTranspose2d(4, 2, [3, 2], { stride: 2, groups: 2, dilation: [1, 2], bias: false }),
    torch: 'nn.ConvTranspose2d(4, 2, (3, 2), stride=2, groups=2, dilation=(1, 2), bias=False)',
    inputs: [f([1, 4, 3, 3])],
  },
  convTranspose2dOutputSize: {
    make: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1 }),
    torch: 'nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)',
    inputs: [f([1, 2, 4, 3])],
    forward: (m, x) => (m as nn.ConvTranspose2d).forward(x!, [7, 6]),
    torchForward: 'm(a, output_size=[7, 6])',
  },
  convTranspose3d: { make: () => new nn.ConvTranspose3d(2, 2, 2, { stride: 2 }), torch: 'nn.ConvTranspose3d(2, 2, 2, stride=2)', inputs: [f([1, 2, 2, 2, 2])] },
  groupNorm: { make: () => new nn.GroupNorm(2, 4), torch: 'nn.GroupNorm(2, 4)', inputs: [f([2, 4, 3])] },
  groupNormNoAffine: { make: () => new nn.GroupNorm(3, 6, { affine: false, eps: 1e-3 }), torch: 'nn.GroupNorm(3, 6, eps=1e-3, affine=False)', inputs: [f([2, 6, 2, 2])] },
  instanceNorm1d: { make: () => new nn.InstanceNorm1d(3), torch: 'nn.InstanceNorm1d(3)', inputs: [f([2, 3, 5])] },
  instanceNorm1dTracked: {
    make: () => new nn.InstanceNorm1d(3, { affine: true, trackRunningStats: true, momentum: 0.3 }),
    torch: 'nn.InstanceNorm1d(3, affine=True, track_running_stats=True, momentum=0.3)',
    inputs: [f([2, 3, 5])],
  },
  instanceNorm2dEval: { make: () => new nn.InstanceNorm2d(2, { trackRunningStats: true }), torch: 'nn.InstanceNorm2d(2, track_running_stats=True)', inputs: [f([2, 2, 3, 3])], mode: 'eval' },
  instanceNorm2dUnbatched: { make: () => new nn.InstanceNorm2d(2, { affine: true }), torch: 'nn.InstanceNorm2d(2, affine=True)', inputs: [f([2, 3, 4])] },
  localResponseNorm: { make: () => new nn.LocalResponseNorm(3, 0.01, 0.6, 1.5), torch: 'nn.LocalResponseNorm(3, 0.01, 0.6, 1.5)', inputs: [f([2, 5, 4])] },
  maxPool1d: { make: () => new nn.MaxPool1d(3, { stride: 2, padding: 1, ceilMode: true }), torch: 'nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True)', inputs: [distinct([2, 2, 8])] },
  maxPool2dIndices: { make: () => new nn.MaxPool2d(2, { returnIndices: true, ceilMode: true }), torch: 'nn.MaxPool2d(2, return_indices=True, ceil_mode=True)', inputs: [distinct([1, 2, 5, 5])] },
  maxPool3d: { make: () => new nn.MaxPool3d(2), torch: 'nn.MaxPool3d(2)', inputs: [distinct([1, 1, 4, 4, 4])] },
  avgPool1d: { make: () => new nn.AvgPool1d(3, { stride: 2, padding: 1, countIncludePad: false }), torch: 'nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False)', inputs: [f([2, 3, 8])] },
  avgPool2dDivisor: { make: () => new nn.AvgPool2d(3, { stride: 2, ceilMode: true, divisorOverride: 4 }), torch: 'nn.AvgPool2d(3, stride=2, ceil_mode=True, divisor_override=4)', inputs: [f([1, 2, 6, 6])] },
  avgPool3d: { make: () => new nn.AvgPool3d(2, { stride: 1 }), torch: 'nn.AvgPool3d(2, stride=1)', inputs: [f([1, 1, 3, 3, 3])] },
  maxUnpool2d: {
    make: () => new nn.MaxUnpool2d(2),
    torch: 'nn.MaxUnpool2d(2)',
    inputs: [distinct([1, 2, 4, 4])],
    forward: (m, x) => (m as nn.MaxUnpool2d).forward(...F.maxPool2d(x!, 2, { returnIndices: true })),
    torchForward: 'm(*F.max_pool2d(a, 2, return_indices=True))',
  },
  adaptiveAvgPool1d: { make: () => new nn.AdaptiveAvgPool1d(4), torch: 'nn.AdaptiveAvgPool1d(4)', inputs: [f([2, 3, 7])] },
  adaptiveAvgPool2d: { make: () => new nn.AdaptiveAvgPool2d([3, null]), torch: 'nn.AdaptiveAvgPool2d((3, None))', inputs: [f([1, 2, 5, 4])] },
  adaptiveMaxPool2d: { make: () => new nn.AdaptiveMaxPool2d(2, { returnIndices: true }), torch: 'nn.AdaptiveMaxPool2d(2, return_indices=True)', inputs: [distinct([1, 2, 5, 5])] },
  lpPool2d: { make: () => new nn.LPPool2d(2, [2, 3], { stride: [2, 1] }), torch: 'nn.LPPool2d(2, (2, 3), stride=(2, 1))', inputs: [f([1, 2, 4, 5], 0.5, 2)] },
  upsampleNearest: { make: () => new nn.Upsample({ scaleFactor: 2 }), torch: 'nn.Upsample(scale_factor=2)', inputs: [f([1, 2, 3, 3])] },
  upsampleBilinear: { make: () => new nn.Upsample({ size: [5, 4], mode: 'bilinear' }), torch: "nn.Upsample(size=(5, 4), mode='bilinear')", inputs: [f([1, 1, 3, 3])] },
  upsampleBicubic: { make: () => new nn.Upsample({ scaleFactor: [1.5, 2], mode: 'bicubic', alignCorners: true }), torch: "nn.Upsample(scale_factor=(1.5, 2), mode='bicubic', align_corners=True)", inputs: [f([1, 2, 2, 3])] },
  upsamplingBilinear2d: { make: () => new nn.UpsamplingBilinear2d({ scaleFactor: 2 }), torch: 'nn.UpsamplingBilinear2d(scale_factor=2)', inputs: [f([1, 1, 2, 3])] },
  upsamplingNearest2d: { make: () => new nn.UpsamplingNearest2d({ size: [3, 5] }), torch: 'nn.UpsamplingNearest2d(size=(3, 5))', inputs: [f([1, 1, 2, 3])] },
  pixelShuffle: { make: () => new nn.PixelShuffle(2), torch: 'nn.PixelShuffle(2)', inputs: [f([1, 8, 2, 2])] },
  pixelUnshuffle: { make: () => new nn.PixelUnshuffle(3), torch: 'nn.PixelUnshuffle(3)', inputs: [f([1, 1, 3, 6])] },
  dropouts1dEval: {
    make: () => new nn.Sequential(new nn.Dropout1d(0.5), new nn.AlphaDropout(0.4), new nn.FeatureAlphaDropout(0.1)),
    torch: 'nn.Sequential(nn.Dropout1d(0.5), nn.AlphaDropout(0.4), nn.FeatureAlphaDropout(0.1))',
    inputs: [f([2, 3, 4])],
    mode: 'eval',
  },
  dropouts2d3dEval: {
    make: () => new nn.Sequential(new nn.Dropout2d(0.3), new nn.Dropout3d(0.2)),
    torch: 'nn.Sequential(nn.Dropout2d(0.3), nn.Dropout3d(0.2))',
    inputs: [f([2, 3, 2, 2])],
    mode: 'eval',
  },
  bilinear: { make: () => new nn.Bilinear(3, 2, 4), torch: 'nn.Bilinear(3, 2, 4)', inputs: [f([5, 3]), f([5, 2])] },
  bilinearNoBias: { make: () => new nn.Bilinear(3, 2, 2, { bias: false }), torch: 'nn.Bilinear(3, 2, 2, bias=False)', inputs: [f([2, 3, 3]), f([2, 3, 2])] },
  moduleDict: {
    make: () => new nn.ModuleDict({ fcOut: new nn.Linear(2, 3), act: new nn.Tanh() }),
    torch: "nn.ModuleDict({'fcOut': nn.Linear(2, 3), 'act': nn.Tanh()})",
    inputs: [f([4, 2])],
    forward: (m, x) => (m as nn.ModuleDict).get('act').forward((m as nn.ModuleDict).get('fcOut').forward(x!)),
    torchForward: "m['act'](m['fcOut'](a))",
  },
  moduleList: {
    make: () => new nn.ModuleList([new nn.Linear(3, 3), new nn.Linear(3, 2)]),
    torch: 'nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 2)])',
    inputs: [f([2, 3])],
    forward: (m, x) => {
      const list = m as nn.ModuleList<nn.Linear>;
      return list.at(-1).forward(list[0]!.forward(x!).relu());
    },
    torchForward: 'm[-1](m[0](a).relu())',
  },
  parameterList: {
    make: () => new nn.ParameterList([zeros([2, 3]), zeros([3])]),
    torch: 'nn.ParameterList([nn.Parameter(torch.zeros(2, 3)), nn.Parameter(torch.zeros(3))])',
    inputs: [f([4, 2])],
    forward: (m, x) => x!.matmul((m as nn.ParameterList)[0]!).add((m as nn.ParameterList).at(1)),
    torchForward: 'a @ m[0] + m[1]',
  },
  parameterDict: {
    make: () => new nn.ParameterDict({ shiftA: zeros([3]), scaleB: ones([3]) }),
    torch: "nn.ParameterDict({'shiftA': nn.Parameter(torch.zeros(3)), 'scaleB': nn.Parameter(torch.ones(3))})",
    inputs: [f([2, 3])],
    forward: (m, x) => x!.mul((m as nn.ParameterDict).get('scaleB')).add((m as nn.ParameterDict).get('shiftA')),
    torchForward: "a * m['scaleB'] + m['shiftA']",
  },
  klDivLoss: { make: () => new nn.KLDivLoss({ reduction: 'batchmean', logTarget: true }), torch: "nn.KLDivLoss(reduction='batchmean', log_target=True)", inputs: [f([3, 4]), f([3, 4])] },
  poissonNLLLoss: { make: () => new nn.PoissonNLLLoss({ full: true }), torch: 'nn.PoissonNLLLoss(full=True)', inputs: [f([3, 4]), fc0([3, 4], 0, 5)] },
  gaussianNLLLoss: { make: () => new nn.GaussianNLLLoss({ full: true }), torch: 'nn.GaussianNLLLoss(full=True)', inputs: [f([4, 2]), f([4, 2]), f([4, 1], 0.2, 2)] },
  cosineEmbeddingLoss: { make: () => new nn.CosineEmbeddingLoss({ margin: 0.1, reduction: 'sum' }), torch: "nn.CosineEmbeddingLoss(margin=0.1, reduction='sum')", inputs: [f([3, 4]), f([3, 4]), int([3], [1, -1, 1])] },
  marginRankingLoss: { make: () => new nn.MarginRankingLoss({ margin: 0.2 }), torch: 'nn.MarginRankingLoss(margin=0.2)', inputs: [f([4]), f([4]), signs([4], [1, -1, -1, 1])] },
  tripletMarginLoss: {
    make: () => new nn.TripletMarginLoss({ margin: 0.7, p: 1.5 }),
    torch: 'nn.TripletMarginLoss(margin=0.7, p=1.5)',
    inputs: [f([3, 4], 0, 1), f([3, 4], 1.5, 3), f([3, 4], -2, 1)],
  },
  hingeEmbeddingLoss: { make: () => new nn.HingeEmbeddingLoss({ margin: 1.5 }), torch: 'nn.HingeEmbeddingLoss(margin=1.5)', inputs: [f([2, 3]), signs([2, 3], [1, -1, -1, -1, 1, -1])] },
  multiLabelSoftMarginLoss: {
    make: () => new nn.MultiLabelSoftMarginLoss({ weight: tensor([0.5, 1, 2]) }),
    torch: 'nn.MultiLabelSoftMarginLoss(weight=torch.tensor([0.5, 1, 2]))',
    inputs: [f([2, 3]), signs([2, 3], [1, 0, 1, 0, 0, 1])],
  },
  multiMarginLoss: {
    make: () => new nn.MultiMarginLoss({ p: 2, margin: 0.5, weight: tensor([1, 2, 0.5, 1]) }),
    torch: 'nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1, 2, 0.5, 1]))',
    inputs: [f([3, 4]), int([3], [0, 3, 1])],
  },
  softMarginLoss: { make: () => new nn.SoftMarginLoss({ reduction: 'none' }), torch: "nn.SoftMarginLoss(reduction='none')", inputs: [f([2, 3]), signs([2, 3], [1, -1, 1, 1, -1, -1])] },
  ctcLoss: {
    make: () => new nn.CTCLoss({ zeroInfinity: true }),
    torch: 'nn.CTCLoss(zero_infinity=True)',
    inputs: [f([5, 2, 3]), int([2, 2], [1, 2, 2, 1])],
    forward: (m, x, t) => (m as nn.CTCLoss).forward(x!.logSoftmax(2), t!, [5, 4], [2, 2]),
    torchForward: 'm(a.log_softmax(2), b, [5, 4], [2, 2])',
  },
};
