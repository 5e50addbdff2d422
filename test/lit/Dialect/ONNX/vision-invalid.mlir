// RUN: onnxc-opt --split-input-file --verify-diagnostics %s

func.func @grid_sample_mode(%x: tensor<1x1x4x4xf32>, %grid: tensor<1x2x2x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.GridSample' op unknown mode 'bilinear'}}
  %0 = onnx.GridSample %x, %grid {mode = "bilinear"} : (tensor<1x1x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @grid_sample_grid_rank(%x: tensor<1x1x4x4xf32>, %grid: tensor<1x2x2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.GridSample' op Grid must be (N x O1 ... Or x 2) for X 'tensor<1x1x4x4xf32>', got 'tensor<1x2x2x3xf32>'}}
  %0 = onnx.GridSample %x, %grid : (tensor<1x1x4x4xf32>, tensor<1x2x2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @roi_align_counts(%x: tensor<1x1x4x4xf32>, %rois: tensor<2x4xf32>, %idx: tensor<3xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.RoiAlign' op rois and batch_indices must name as many regions}}
  %0 = onnx.RoiAlign %x, %rois, %idx : (tensor<1x1x4x4xf32>, tensor<2x4xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @roi_align_transform(%x: tensor<1x1x4x4xf32>, %rois: tensor<2x4xf32>, %idx: tensor<2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.RoiAlign' op unknown coordinate_transformation_mode 'align_corners'}}
  %0 = onnx.RoiAlign %x, %rois, %idx {coordinate_transformation_mode = "align_corners"} : (tensor<1x1x4x4xf32>, tensor<2x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @nms_boxes(%boxes: tensor<1x6x5xf32>, %scores: tensor<1x1x6xf32>) -> tensor<*xi64> {
  // expected-error @+1 {{'onnx.NonMaxSuppression' op boxes must be (batches x boxes x 4), got 'tensor<1x6x5xf32>'}}
  %0 = onnx.NonMaxSuppression %boxes, %scores : (tensor<1x6x5xf32>, tensor<1x1x6xf32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @nms_box_count(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x1x5xf32>) -> tensor<*xi64> {
  // expected-error @+1 {{'onnx.NonMaxSuppression' op boxes and scores disagree on the number of batches or boxes}}
  %0 = onnx.NonMaxSuppression %boxes, %scores : (tensor<1x6x4xf32>, tensor<1x1x5xf32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @nms_scalar(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x1x6xf32>, %max: tensor<2xi64>) -> tensor<*xi64> {
  // expected-error @+1 {{'onnx.NonMaxSuppression' op max_output_boxes_per_class, iou_threshold and score_threshold must be scalars, got 'tensor<2xi64>'}}
  %0 = onnx.NonMaxSuppression %boxes, %scores max_output %max : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<2xi64>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @max_unpool_indices(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x3xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.MaxUnpool' op I must have X's shape, got 'tensor<1x1x2x3xi64>' and 'tensor<1x1x2x2xf32>'}}
  %0 = onnx.MaxUnpool %x, %i {kernel_shape = [2, 2]} : (tensor<1x1x2x2xf32>, tensor<1x1x2x3xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @max_unpool_strides(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.MaxUnpool' op strides must hold one value per spatial dimension of X}}
  %0 = onnx.MaxUnpool %x, %i {kernel_shape = [2, 2], strides = [2]} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
