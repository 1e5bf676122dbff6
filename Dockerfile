# The server as a container image, in two flavours (multi-stage):
#   docker build --target cpu  -t inference-server:cpu  .
#   docker build --target cuda -t inference-server:cuda .
# Both serve the bundled model on port 8000 (mount another model folder and pass --model to serve it); the
# configuration is the server's own (appsettings.json, environment variables Section__Key, command-line flags).

ARG DOTNET_VERSION=10.0

# --- build: one publish per flavour (the flavour picks the single ONNX Runtime native package) -----------------------
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Server -c Release -p:OnnxRuntimeFlavor=Cpu -o /out/cpu \
 && dotnet publish src/Server -c Release -p:OnnxRuntimeFlavor=Cuda -o /out/cuda

# --- cpu: the ASP.NET Core runtime image -----------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS cpu
WORKDIR /app
COPY --from=build /out/cpu ./
COPY models ./models
# Listen on every interface inside the container; Kubernetes probes and Services reach the pod's IP.
ENV Server__Host=0.0.0.0 \
    Server__Port=8000
EXPOSE 8000
USER app
ENTRYPOINT ["dotnet", "Inference.Server.dll"]

# --- cuda: CUDA 13 + cuDNN 9 runtime with the ASP.NET Core runtime copied in ---------------------------------------
FROM nvidia/cuda:13.0.0-cudnn-runtime-ubuntu24.04 AS cuda
COPY --from=mcr.microsoft.com/dotnet/aspnet:10.0 /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update && apt-get install -y --no-install-recommends libicu74 ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/cuda ./
COPY models ./models
ENV Server__Host=0.0.0.0 \
    Server__Port=8000 \
    Models__Device=cuda
EXPOSE 8000
ENTRYPOINT ["dotnet", "Inference.Server.dll"]
