using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>
/// The slots of the ONNX Runtime C API function table (<c>OrtApi</c>) that this binding uses, read by index.
/// The table is append-only across versions, so an index never changes; indices and C declarations are those of
/// onnxruntime_c_api.h for ORT_API_VERSION 30. Handles are passed as <see cref="IntPtr"/>, enums as int,
/// strings as null-terminated UTF-8.
/// </summary>
internal sealed unsafe class OrtApi
{
    public const uint Version = 30;

    // OrtErrorCode GetErrorCode(const OrtStatus*)
    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;
    // const char* GetErrorMessage(const OrtStatus*)
    public readonly delegate* unmanaged<IntPtr, byte*> GetErrorMessage;
    // CreateEnvWithCustomLogger(OrtLoggingFunction, void* param, OrtLoggingLevel, const char* logid, OrtEnv**)
    public readonly delegate* unmanaged<IntPtr, IntPtr, int, byte*, IntPtr*, IntPtr> CreateEnvWithCustomLogger;
    // DisableTelemetryEvents(const OrtEnv*)
    public readonly delegate* unmanaged<IntPtr, IntPtr> DisableTelemetryEvents;
    // CreateSession(const OrtEnv*, const char* model_path, const OrtSessionOptions*, OrtSession**)
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr> CreateSession;
    // CreateSessionFromArray(const OrtEnv*, const void* data, size_t length, const OrtSessionOptions*, OrtSession**)
    public readonly delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    // Run(OrtSession*, const OrtRunOptions*, const char* const* input_names, const OrtValue* const* inputs, size_t,
    //     const char* const* output_names, size_t, OrtValue** outputs)
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr> Run;
    // CreateSessionOptions(OrtSessionOptions**)
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;
    // SetOptimizedModelFilePath(OrtSessionOptions*, const char*)
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr> SetOptimizedModelFilePath;
    // SetSessionExecutionMode(OrtSessionOptions*, ExecutionMode)
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionExecutionMode;
    // SetSessionLogSeverityLevel(OrtSessionOptions*, int)
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionLogSeverityLevel;
    // SetSessionGraphOptimizationLevel(OrtSessionOptions*, GraphOptimizationLevel)
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    // SetIntraOpNumThreads(OrtSessionOptions*, int)
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    // SetInterOpNumThreads(OrtSessionOptions*, int)
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetInterOpNumThreads;
    // SessionGetInputCount(const OrtSession*, size_t*)
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    // SessionGetOutputCount(const OrtSession*, size_t*)
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    // SessionGetInputTypeInfo(const OrtSession*, size_t, OrtTypeInfo**)
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    // SessionGetOutputTypeInfo(const OrtSession*, size_t, OrtTypeInfo**)
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    // SessionGetInputName(const OrtSession*, size_t, OrtAllocator*, char**)
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;
    // SessionGetOutputName(const OrtSession*, size_t, OrtAllocator*, char**)
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;
    // CreateRunOptions(OrtRunOptions**)
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateRunOptions;
    // RunOptionsSetTerminate(OrtRunOptions*)
    public readonly delegate* unmanaged<IntPtr, IntPtr> RunOptionsSetTerminate;
    // CreateTensorAsOrtValue(OrtAllocator*, const int64_t* shape, size_t, ONNXTensorElementDataType, OrtValue**)
    public readonly delegate* unmanaged<IntPtr, long*, nuint, int, IntPtr*, IntPtr> CreateTensorAsOrtValue;
    // CreateTensorWithDataAsOrtValue(const OrtMemoryInfo*, void* data, size_t data_len, const int64_t* shape,
    //     size_t, ONNXTensorElementDataType, OrtValue**)
    public readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    // GetTensorMutableData(OrtValue*, void**)
    public readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;
    // CastTypeInfoToTensorInfo(const OrtTypeInfo*, const OrtTensorTypeAndShapeInfo**) — result not owned
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    // GetOnnxTypeFromTypeInfo(const OrtTypeInfo*, ONNXType*)
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetOnnxTypeFromTypeInfo;
    // GetTensorElementType(const OrtTensorTypeAndShapeInfo*, ONNXTensorElementDataType*)
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetTensorElementType;
    // GetDimensionsCount(const OrtTensorTypeAndShapeInfo*, size_t*)
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    // GetDimensions(const OrtTensorTypeAndShapeInfo*, int64_t*, size_t)
    public readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;
    // GetSymbolicDimensions(const OrtTensorTypeAndShapeInfo*, const char* dim_params[], size_t)
    public readonly delegate* unmanaged<IntPtr, byte**, nuint, IntPtr> GetSymbolicDimensions;
    // GetTensorTypeAndShape(const OrtValue*, OrtTensorTypeAndShapeInfo**) — result owned
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    // GetValueType(const OrtValue*, ONNXType*)
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetValueType;
    // CreateMemoryInfo(const char* name, OrtAllocatorType, int id, OrtMemType, OrtMemoryInfo**)
    public readonly delegate* unmanaged<byte*, int, int, int, IntPtr*, IntPtr> CreateMemoryInfo;
    // CreateCpuMemoryInfo(OrtAllocatorType, OrtMemType, OrtMemoryInfo**)
    public readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    // MemoryInfoGetName(const OrtMemoryInfo*, const char**)
    public readonly delegate* unmanaged<IntPtr, byte**, IntPtr> MemoryInfoGetName;
    // MemoryInfoGetId(const OrtMemoryInfo*, int*)
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> MemoryInfoGetId;
    // AllocatorFree(OrtAllocator*, void*)
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr> AllocatorFree;
    // GetAllocatorWithDefaultOptions(OrtAllocator**) — not owned
    public readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;
    // GetAvailableProviders(char*** out, int* length)
    public readonly delegate* unmanaged<byte***, int*, IntPtr> GetAvailableProviders;
    // ReleaseAvailableProviders(char** ptr, int length)
    public readonly delegate* unmanaged<byte**, int, IntPtr> ReleaseAvailableProviders;
    // AddSessionConfigEntry(OrtSessionOptions*, const char* key, const char* value)
    public readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;
    // RunWithBinding(OrtSession*, const OrtRunOptions*, const OrtIoBinding*)
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> RunWithBinding;
    // CreateIoBinding(OrtSession*, OrtIoBinding**)
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CreateIoBinding;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseIoBinding;
    // BindInput(OrtIoBinding*, const char* name, const OrtValue*)
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr> BindInput;
    // BindOutput(OrtIoBinding*, const char* name, const OrtValue*)
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr> BindOutput;
    // BindOutputToDevice(OrtIoBinding*, const char* name, const OrtMemoryInfo*)
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr> BindOutputToDevice;
    // GetBoundOutputNames(const OrtIoBinding*, OrtAllocator*, char** buffer, size_t** lengths, size_t* count)
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, nuint**, nuint*, IntPtr> GetBoundOutputNames;
    // GetBoundOutputValues(const OrtIoBinding*, OrtAllocator*, OrtValue*** output, size_t* count)
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr**, nuint*, IntPtr> GetBoundOutputValues;
    // void ClearBoundInputs(OrtIoBinding*)
    public readonly delegate* unmanaged<IntPtr, void> ClearBoundInputs;
    // void ClearBoundOutputs(OrtIoBinding*)
    public readonly delegate* unmanaged<IntPtr, void> ClearBoundOutputs;
    // GetTensorMemoryInfo(const OrtValue*, const OrtMemoryInfo**) — not owned
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorMemoryInfo;
    // SynchronizeBoundOutputs(OrtIoBinding*)
    public readonly delegate* unmanaged<IntPtr, IntPtr> SynchronizeBoundOutputs;
    // SessionOptionsAppendExecutionProvider_CUDA_V2(OrtSessionOptions*, const OrtCUDAProviderOptionsV2*)
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> SessionOptionsAppendExecutionProvider_CUDA_V2;
    // CreateCUDAProviderOptions(OrtCUDAProviderOptionsV2**)
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateCUDAProviderOptions;
    // UpdateCUDAProviderOptions(OrtCUDAProviderOptionsV2*, const char* const* keys, const char* const* values, size_t)
    public readonly delegate* unmanaged<IntPtr, byte**, byte**, nuint, IntPtr> UpdateCUDAProviderOptions;
    // void ReleaseCUDAProviderOptions(OrtCUDAProviderOptionsV2*)
    public readonly delegate* unmanaged<IntPtr, void> ReleaseCUDAProviderOptions;
    // const char* GetBuildInfoString(void)
    public readonly delegate* unmanaged<byte*> GetBuildInfoString;
    // GetTensorSizeInBytes(const OrtValue*, size_t*)
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetTensorSizeInBytes;
    // CopyTensors(const OrtEnv*, const OrtValue* const* src, OrtValue* const* dst, OrtSyncStream* stream, size_t count)
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr*, IntPtr, nuint, IntPtr> CopyTensors;

    public OrtApi(IntPtr table)
    {
        var s = (IntPtr*)table;
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)s[1];
        GetErrorMessage = (delegate* unmanaged<IntPtr, byte*>)s[2];
        CreateEnvWithCustomLogger = (delegate* unmanaged<IntPtr, IntPtr, int, byte*, IntPtr*, IntPtr>)s[4];
        DisableTelemetryEvents = (delegate* unmanaged<IntPtr, IntPtr>)s[6];
        CreateSession = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)s[7];
        CreateSessionFromArray = (delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)s[8];
        Run = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)s[9];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)s[10];
        SetOptimizedModelFilePath = (delegate* unmanaged<IntPtr, byte*, IntPtr>)s[11];
        SetSessionExecutionMode = (delegate* unmanaged<IntPtr, int, IntPtr>)s[13];
        SetSessionLogSeverityLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)s[22];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)s[23];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)s[24];
        SetInterOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)s[25];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)s[30];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)s[31];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)s[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)s[34];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)s[36];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)s[37];
        CreateRunOptions = (delegate* unmanaged<IntPtr*, IntPtr>)s[39];
        RunOptionsSetTerminate = (delegate* unmanaged<IntPtr, IntPtr>)s[46];
        CreateTensorAsOrtValue = (delegate* unmanaged<IntPtr, long*, nuint, int, IntPtr*, IntPtr>)s[48];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)s[49];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)s[51];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)s[55];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<IntPtr, int*, IntPtr>)s[56];
        GetTensorElementType = (delegate* unmanaged<IntPtr, int*, IntPtr>)s[60];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)s[61];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)s[62];
        GetSymbolicDimensions = (delegate* unmanaged<IntPtr, byte**, nuint, IntPtr>)s[63];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)s[65];
        GetValueType = (delegate* unmanaged<IntPtr, int*, IntPtr>)s[67];
        CreateMemoryInfo = (delegate* unmanaged<byte*, int, int, int, IntPtr*, IntPtr>)s[68];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)s[69];
        MemoryInfoGetName = (delegate* unmanaged<IntPtr, byte**, IntPtr>)s[71];
        MemoryInfoGetId = (delegate* unmanaged<IntPtr, int*, IntPtr>)s[72];
        AllocatorFree = (delegate* unmanaged<IntPtr, void*, IntPtr>)s[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)s[78];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)s[92];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)s[93];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)s[94];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)s[95];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)s[96];
        ReleaseRunOptions = (delegate* unmanaged<IntPtr, void>)s[97];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)s[98];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)s[99];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)s[100];
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, IntPtr>)s[125];
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, IntPtr>)s[126];
        AddSessionConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)s[130];
        RunWithBinding = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr>)s[133];
        CreateIoBinding = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)s[134];
        ReleaseIoBinding = (delegate* unmanaged<IntPtr, void>)s[135];
        BindInput = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr>)s[136];
        BindOutput = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr>)s[137];
        BindOutputToDevice = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr>)s[138];
        GetBoundOutputNames = (delegate* unmanaged<IntPtr, IntPtr, byte**, nuint**, nuint*, IntPtr>)s[139];
        GetBoundOutputValues = (delegate* unmanaged<IntPtr, IntPtr, IntPtr**, nuint*, IntPtr>)s[140];
        ClearBoundInputs = (delegate* unmanaged<IntPtr, void>)s[141];
        ClearBoundOutputs = (delegate* unmanaged<IntPtr, void>)s[142];
        GetTensorMemoryInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)s[194];
        SynchronizeBoundOutputs = (delegate* unmanaged<IntPtr, IntPtr>)s[203];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)s[204];
        CreateCUDAProviderOptions = (delegate* unmanaged<IntPtr*, IntPtr>)s[205];
        UpdateCUDAProviderOptions = (delegate* unmanaged<IntPtr, byte**, byte**, nuint, IntPtr>)s[206];
        ReleaseCUDAProviderOptions = (delegate* unmanaged<IntPtr, void>)s[208];
        GetBuildInfoString = (delegate* unmanaged<byte*>)s[254];
        GetTensorSizeInBytes = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)s[318];
        CopyTensors = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr*, IntPtr, nuint, IntPtr>)s[386];
    }

    /// <summary><c>struct OrtApiBase { const OrtApi* GetApi(uint32_t); const char* GetVersionString(void); }</c></summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ApiBase
    {
        public delegate* unmanaged<uint, IntPtr> GetApi;
        public delegate* unmanaged<byte*> GetVersionString;
    }
}
