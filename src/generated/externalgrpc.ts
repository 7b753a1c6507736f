import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CleanupRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupRequest, CleanupRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/CleanupRequest.js';
import type { CleanupResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupResponse, CleanupResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/CleanupResponse.js';
import type { CloudProviderClient as _clusterautoscaler_cloudprovider_v1_externalgrpc_CloudProviderClient, CloudProviderDefinition as _clusterautoscaler_cloudprovider_v1_externalgrpc_CloudProviderDefinition } from './clusterautoscaler/cloudprovider/v1/externalgrpc/CloudProvider.js';
import type { ExternalGrpcNode as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode, ExternalGrpcNode__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/ExternalGrpcNode.js';
import type { GPULabelRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelRequest, GPULabelRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/GPULabelRequest.js';
import type { GPULabelResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelResponse, GPULabelResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/GPULabelResponse.js';
import type { GetAvailableGPUTypesRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesRequest, GetAvailableGPUTypesRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/GetAvailableGPUTypesRequest.js';
import type { GetAvailableGPUTypesResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesResponse, GetAvailableGPUTypesResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/GetAvailableGPUTypesResponse.js';
import type { Instance as _clusterautoscaler_cloudprovider_v1_externalgrpc_Instance, Instance__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_Instance__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/Instance.js';
import type { InstanceErrorInfo as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo, InstanceErrorInfo__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/InstanceErrorInfo.js';
import type { InstanceStatus as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus, InstanceStatus__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/InstanceStatus.js';
import type { NodeGroup as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup, NodeGroup__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroup.js';
import type { NodeGroupAutoscalingOptions as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions, NodeGroupAutoscalingOptions__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptions.js';
import type { NodeGroupAutoscalingOptionsRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsRequest, NodeGroupAutoscalingOptionsRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptionsRequest.js';
import type { NodeGroupAutoscalingOptionsResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsResponse, NodeGroupAutoscalingOptionsResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptionsResponse.js';
import type { NodeGroupDecreaseTargetSizeRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeRequest, NodeGroupDecreaseTargetSizeRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupDecreaseTargetSizeRequest.js';
import type { NodeGroupDecreaseTargetSizeResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeResponse, NodeGroupDecreaseTargetSizeResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupDecreaseTargetSizeResponse.js';
import type { NodeGroupDeleteNodesRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesRequest, NodeGroupDeleteNodesRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupDeleteNodesRequest.js';
import type { NodeGroupDeleteNodesResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesResponse, NodeGroupDeleteNodesResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupDeleteNodesResponse.js';
import type { NodeGroupForNodeRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeRequest, NodeGroupForNodeRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupForNodeRequest.js';
import type { NodeGroupForNodeResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeResponse, NodeGroupForNodeResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupForNodeResponse.js';
import type { NodeGroupIncreaseSizeRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeRequest, NodeGroupIncreaseSizeRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupIncreaseSizeRequest.js';
import type { NodeGroupIncreaseSizeResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeResponse, NodeGroupIncreaseSizeResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupIncreaseSizeResponse.js';
import type { NodeGroupNodesRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesRequest, NodeGroupNodesRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupNodesRequest.js';
import type { NodeGroupNodesResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesResponse, NodeGroupNodesResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupNodesResponse.js';
import type { NodeGroupTargetSizeRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeRequest, NodeGroupTargetSizeRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupTargetSizeRequest.js';
import type { NodeGroupTargetSizeResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeResponse, NodeGroupTargetSizeResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupTargetSizeResponse.js';
import type { NodeGroupTemplateNodeInfoRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoRequest, NodeGroupTemplateNodeInfoRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupTemplateNodeInfoRequest.js';
import type { NodeGroupTemplateNodeInfoResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoResponse, NodeGroupTemplateNodeInfoResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupTemplateNodeInfoResponse.js';
import type { NodeGroupsRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsRequest, NodeGroupsRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupsRequest.js';
import type { NodeGroupsResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsResponse, NodeGroupsResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupsResponse.js';
import type { PricingNodePriceRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceRequest, PricingNodePriceRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/PricingNodePriceRequest.js';
import type { PricingNodePriceResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceResponse, PricingNodePriceResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/PricingNodePriceResponse.js';
import type { PricingPodPriceRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceRequest, PricingPodPriceRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/PricingPodPriceRequest.js';
import type { PricingPodPriceResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceResponse, PricingPodPriceResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/PricingPodPriceResponse.js';
import type { RefreshRequest as _clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshRequest, RefreshRequest__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshRequest__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/RefreshRequest.js';
import type { RefreshResponse as _clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshResponse, RefreshResponse__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshResponse__Output } from './clusterautoscaler/cloudprovider/v1/externalgrpc/RefreshResponse.js';
import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any.js';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { Affinity as _k8s_io_api_core_v1_Affinity, Affinity__Output as _k8s_io_api_core_v1_Affinity__Output } from './k8s/io/api/core/v1/Affinity.js';
import type { Container as _k8s_io_api_core_v1_Container, Container__Output as _k8s_io_api_core_v1_Container__Output } from './k8s/io/api/core/v1/Container.js';
import type { ContainerPort as _k8s_io_api_core_v1_ContainerPort, ContainerPort__Output as _k8s_io_api_core_v1_ContainerPort__Output } from './k8s/io/api/core/v1/ContainerPort.js';
import type { DaemonEndpoint as _k8s_io_api_core_v1_DaemonEndpoint, DaemonEndpoint__Output as _k8s_io_api_core_v1_DaemonEndpoint__Output } from './k8s/io/api/core/v1/DaemonEndpoint.js';
import type { EmptyDirVolumeSource as _k8s_io_api_core_v1_EmptyDirVolumeSource, EmptyDirVolumeSource__Output as _k8s_io_api_core_v1_EmptyDirVolumeSource__Output } from './k8s/io/api/core/v1/EmptyDirVolumeSource.js';
import type { HostPathVolumeSource as _k8s_io_api_core_v1_HostPathVolumeSource, HostPathVolumeSource__Output as _k8s_io_api_core_v1_HostPathVolumeSource__Output } from './k8s/io/api/core/v1/HostPathVolumeSource.js';
import type { Node as _k8s_io_api_core_v1_Node, Node__Output as _k8s_io_api_core_v1_Node__Output } from './k8s/io/api/core/v1/Node.js';
import type { NodeAddress as _k8s_io_api_core_v1_NodeAddress, NodeAddress__Output as _k8s_io_api_core_v1_NodeAddress__Output } from './k8s/io/api/core/v1/NodeAddress.js';
import type { NodeAffinity as _k8s_io_api_core_v1_NodeAffinity, NodeAffinity__Output as _k8s_io_api_core_v1_NodeAffinity__Output } from './k8s/io/api/core/v1/NodeAffinity.js';
import type { NodeCondition as _k8s_io_api_core_v1_NodeCondition, NodeCondition__Output as _k8s_io_api_core_v1_NodeCondition__Output } from './k8s/io/api/core/v1/NodeCondition.js';
import type { NodeDaemonEndpoints as _k8s_io_api_core_v1_NodeDaemonEndpoints, NodeDaemonEndpoints__Output as _k8s_io_api_core_v1_NodeDaemonEndpoints__Output } from './k8s/io/api/core/v1/NodeDaemonEndpoints.js';
import type { NodeSelector as _k8s_io_api_core_v1_NodeSelector, NodeSelector__Output as _k8s_io_api_core_v1_NodeSelector__Output } from './k8s/io/api/core/v1/NodeSelector.js';
import type { NodeSelectorRequirement as _k8s_io_api_core_v1_NodeSelectorRequirement, NodeSelectorRequirement__Output as _k8s_io_api_core_v1_NodeSelectorRequirement__Output } from './k8s/io/api/core/v1/NodeSelectorRequirement.js';
import type { NodeSelectorTerm as _k8s_io_api_core_v1_NodeSelectorTerm, NodeSelectorTerm__Output as _k8s_io_api_core_v1_NodeSelectorTerm__Output } from './k8s/io/api/core/v1/NodeSelectorTerm.js';
import type { NodeSpec as _k8s_io_api_core_v1_NodeSpec, NodeSpec__Output as _k8s_io_api_core_v1_NodeSpec__Output } from './k8s/io/api/core/v1/NodeSpec.js';
import type { NodeStatus as _k8s_io_api_core_v1_NodeStatus, NodeStatus__Output as _k8s_io_api_core_v1_NodeStatus__Output } from './k8s/io/api/core/v1/NodeStatus.js';
import type { NodeSystemInfo as _k8s_io_api_core_v1_NodeSystemInfo, NodeSystemInfo__Output as _k8s_io_api_core_v1_NodeSystemInfo__Output } from './k8s/io/api/core/v1/NodeSystemInfo.js';
import type { Pod as _k8s_io_api_core_v1_Pod, Pod__Output as _k8s_io_api_core_v1_Pod__Output } from './k8s/io/api/core/v1/Pod.js';
import type { PodCondition as _k8s_io_api_core_v1_PodCondition, PodCondition__Output as _k8s_io_api_core_v1_PodCondition__Output } from './k8s/io/api/core/v1/PodCondition.js';
import type { PodSpec as _k8s_io_api_core_v1_PodSpec, PodSpec__Output as _k8s_io_api_core_v1_PodSpec__Output } from './k8s/io/api/core/v1/PodSpec.js';
import type { PodStatus as _k8s_io_api_core_v1_PodStatus, PodStatus__Output as _k8s_io_api_core_v1_PodStatus__Output } from './k8s/io/api/core/v1/PodStatus.js';
import type { PreferredSchedulingTerm as _k8s_io_api_core_v1_PreferredSchedulingTerm, PreferredSchedulingTerm__Output as _k8s_io_api_core_v1_PreferredSchedulingTerm__Output } from './k8s/io/api/core/v1/PreferredSchedulingTerm.js';
import type { ResourceRequirements as _k8s_io_api_core_v1_ResourceRequirements, ResourceRequirements__Output as _k8s_io_api_core_v1_ResourceRequirements__Output } from './k8s/io/api/core/v1/ResourceRequirements.js';
import type { Taint as _k8s_io_api_core_v1_Taint, Taint__Output as _k8s_io_api_core_v1_Taint__Output } from './k8s/io/api/core/v1/Taint.js';
import type { Toleration as _k8s_io_api_core_v1_Toleration, Toleration__Output as _k8s_io_api_core_v1_Toleration__Output } from './k8s/io/api/core/v1/Toleration.js';
import type { Volume as _k8s_io_api_core_v1_Volume, Volume__Output as _k8s_io_api_core_v1_Volume__Output } from './k8s/io/api/core/v1/Volume.js';
import type { VolumeSource as _k8s_io_api_core_v1_VolumeSource, VolumeSource__Output as _k8s_io_api_core_v1_VolumeSource__Output } from './k8s/io/api/core/v1/VolumeSource.js';
import type { Quantity as _k8s_io_apimachinery_pkg_api_resource_Quantity, Quantity__Output as _k8s_io_apimachinery_pkg_api_resource_Quantity__Output } from './k8s/io/apimachinery/pkg/api/resource/Quantity.js';
import type { Duration as _k8s_io_apimachinery_pkg_apis_meta_v1_Duration, Duration__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Duration__Output } from './k8s/io/apimachinery/pkg/apis/meta/v1/Duration.js';
import type { ObjectMeta as _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta, ObjectMeta__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta__Output } from './k8s/io/apimachinery/pkg/apis/meta/v1/ObjectMeta.js';
import type { OwnerReference as _k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference, OwnerReference__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference__Output } from './k8s/io/apimachinery/pkg/apis/meta/v1/OwnerReference.js';
import type { Time as _k8s_io_apimachinery_pkg_apis_meta_v1_Time, Time__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output } from './k8s/io/apimachinery/pkg/apis/meta/v1/Time.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  clusterautoscaler: {
    cloudprovider: {
      v1: {
        externalgrpc: {
          CleanupRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupRequest__Output>
          CleanupResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_CleanupResponse__Output>
          CloudProvider: SubtypeConstructor<typeof grpc.Client, _clusterautoscaler_cloudprovider_v1_externalgrpc_CloudProviderClient> & { service: _clusterautoscaler_cloudprovider_v1_externalgrpc_CloudProviderDefinition }
          ExternalGrpcNode: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode, _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output>
          GPULabelRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelRequest__Output>
          GPULabelResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_GPULabelResponse__Output>
          GetAvailableGPUTypesRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesRequest__Output>
          GetAvailableGPUTypesResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_GetAvailableGPUTypesResponse__Output>
          Instance: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_Instance, _clusterautoscaler_cloudprovider_v1_externalgrpc_Instance__Output>
          InstanceErrorInfo: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo, _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo__Output>
          InstanceStatus: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus, _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus__Output>
          NodeGroup: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup__Output>
          NodeGroupAutoscalingOptions: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions__Output>
          NodeGroupAutoscalingOptionsRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsRequest__Output>
          NodeGroupAutoscalingOptionsResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptionsResponse__Output>
          NodeGroupDecreaseTargetSizeRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeRequest__Output>
          NodeGroupDecreaseTargetSizeResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDecreaseTargetSizeResponse__Output>
          NodeGroupDeleteNodesRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesRequest__Output>
          NodeGroupDeleteNodesResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupDeleteNodesResponse__Output>
          NodeGroupForNodeRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeRequest__Output>
          NodeGroupForNodeResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupForNodeResponse__Output>
          NodeGroupIncreaseSizeRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeRequest__Output>
          NodeGroupIncreaseSizeResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupIncreaseSizeResponse__Output>
          NodeGroupNodesRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesRequest__Output>
          NodeGroupNodesResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupNodesResponse__Output>
          NodeGroupTargetSizeRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeRequest__Output>
          NodeGroupTargetSizeResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTargetSizeResponse__Output>
          NodeGroupTemplateNodeInfoRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoRequest__Output>
          NodeGroupTemplateNodeInfoResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupTemplateNodeInfoResponse__Output>
          NodeGroupsRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsRequest__Output>
          NodeGroupsResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupsResponse__Output>
          PricingNodePriceRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceRequest__Output>
          PricingNodePriceResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingNodePriceResponse__Output>
          PricingPodPriceRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceRequest__Output>
          PricingPodPriceResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_PricingPodPriceResponse__Output>
          RefreshRequest: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshRequest, _clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshRequest__Output>
          RefreshResponse: MessageTypeDefinition<_clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshResponse, _clusterautoscaler_cloudprovider_v1_externalgrpc_RefreshResponse__Output>
        }
      }
    }
  }
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  k8s: {
    io: {
      api: {
        core: {
          v1: {
            Affinity: MessageTypeDefinition<_k8s_io_api_core_v1_Affinity, _k8s_io_api_core_v1_Affinity__Output>
            Container: MessageTypeDefinition<_k8s_io_api_core_v1_Container, _k8s_io_api_core_v1_Container__Output>
            ContainerPort: MessageTypeDefinition<_k8s_io_api_core_v1_ContainerPort, _k8s_io_api_core_v1_ContainerPort__Output>
            DaemonEndpoint: MessageTypeDefinition<_k8s_io_api_core_v1_DaemonEndpoint, _k8s_io_api_core_v1_DaemonEndpoint__Output>
            EmptyDirVolumeSource: MessageTypeDefinition<_k8s_io_api_core_v1_EmptyDirVolumeSource, _k8s_io_api_core_v1_EmptyDirVolumeSource__Output>
            HostPathVolumeSource: MessageTypeDefinition<_k8s_io_api_core_v1_HostPathVolumeSource, _k8s_io_api_core_v1_HostPathVolumeSource__Output>
            Node: MessageTypeDefinition<_k8s_io_api_core_v1_Node, _k8s_io_api_core_v1_Node__Output>
            NodeAddress: MessageTypeDefinition<_k8s_io_api_core_v1_NodeAddress, _k8s_io_api_core_v1_NodeAddress__Output>
            NodeAffinity: MessageTypeDefinition<_k8s_io_api_core_v1_NodeAffinity, _k8s_io_api_core_v1_NodeAffinity__Output>
            NodeCondition: MessageTypeDefinition<_k8s_io_api_core_v1_NodeCondition, _k8s_io_api_core_v1_NodeCondition__Output>
            NodeDaemonEndpoints: MessageTypeDefinition<_k8s_io_api_core_v1_NodeDaemonEndpoints, _k8s_io_api_core_v1_NodeDaemonEndpoints__Output>
            NodeSelector: MessageTypeDefinition<_k8s_io_api_core_v1_NodeSelector, _k8s_io_api_core_v1_NodeSelector__Output>
            NodeSelectorRequirement: MessageTypeDefinition<_k8s_io_api_core_v1_NodeSelectorRequirement, _k8s_io_api_core_v1_NodeSelectorRequirement__Output>
            NodeSelectorTerm: MessageTypeDefinition<_k8s_io_api_core_v1_NodeSelectorTerm, _k8s_io_api_core_v1_NodeSelectorTerm__Output>
            NodeSpec: MessageTypeDefinition<_k8s_io_api_core_v1_NodeSpec, _k8s_io_api_core_v1_NodeSpec__Output>
            NodeStatus: MessageTypeDefinition<_k8s_io_api_core_v1_NodeStatus, _k8s_io_api_core_v1_NodeStatus__Output>
            NodeSystemInfo: MessageTypeDefinition<_k8s_io_api_core_v1_NodeSystemInfo, _k8s_io_api_core_v1_NodeSystemInfo__Output>
            Pod: MessageTypeDefinition<_k8s_io_api_core_v1_Pod, _k8s_io_api_core_v1_Pod__Output>
            PodCondition: MessageTypeDefinition<_k8s_io_api_core_v1_PodCondition, _k8s_io_api_core_v1_PodCondition__Output>
            PodSpec: MessageTypeDefinition<_k8s_io_api_core_v1_PodSpec, _k8s_io_api_core_v1_PodSpec__Output>
            PodStatus: MessageTypeDefinition<_k8s_io_api_core_v1_PodStatus, _k8s_io_api_core_v1_PodStatus__Output>
            PreferredSchedulingTerm: MessageTypeDefinition<_k8s_io_api_core_v1_PreferredSchedulingTerm, _k8s_io_api_core_v1_PreferredSchedulingTerm__Output>
            ResourceRequirements: MessageTypeDefinition<_k8s_io_api_core_v1_ResourceRequirements, _k8s_io_api_core_v1_ResourceRequirements__Output>
            Taint: MessageTypeDefinition<_k8s_io_api_core_v1_Taint, _k8s_io_api_core_v1_Taint__Output>
            Toleration: MessageTypeDefinition<_k8s_io_api_core_v1_Toleration, _k8s_io_api_core_v1_Toleration__Output>
            Volume: MessageTypeDefinition<_k8s_io_api_core_v1_Volume, _k8s_io_api_core_v1_Volume__Output>
            VolumeSource: MessageTypeDefinition<_k8s_io_api_core_v1_VolumeSource, _k8s_io_api_core_v1_VolumeSource__Output>
          }
        }
      }
      apimachinery: {
        pkg: {
          api: {
            resource: {
              Quantity: MessageTypeDefinition<_k8s_io_apimachinery_pkg_api_resource_Quantity, _k8s_io_apimachinery_pkg_api_resource_Quantity__Output>
            }
          }
          apis: {
            meta: {
              v1: {
                Duration: MessageTypeDefinition<_k8s_io_apimachinery_pkg_apis_meta_v1_Duration, _k8s_io_apimachinery_pkg_apis_meta_v1_Duration__Output>
                ObjectMeta: MessageTypeDefinition<_k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta, _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta__Output>
                OwnerReference: MessageTypeDefinition<_k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference, _k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference__Output>
                Time: MessageTypeDefinition<_k8s_io_apimachinery_pkg_apis_meta_v1_Time, _k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output>
              }
            }
          }
        }
      }
    }
  }
}

