# The manifest, the Gallery package, and dependency isolation: what Install-Module users and Az users meet.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    $script:modulePath = Get-AuraTestModulePath
    $script:manifestPath = Join-Path $modulePath 'Neo4jAura.psd1'
    $script:nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }

    function Invoke-FreshPwsh {
        <# Runs a script in a new pwsh process and returns its output lines; throws on a non-zero exit. #>
        param([Parameter(Mandatory)] [string] $Script)
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        $output = & dotnet pwsh -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        if ($LASTEXITCODE) { throw "pwsh exited with $LASTEXITCODE`n$($output -join "`n")" }
        $output
    }
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'declares what the Gallery and Azure Automation need' {
        $m = Import-PowerShellDataFile $manifestPath
        $m.ModuleVersion | Should -Match '^\d+\.\d+\.\d+$'
        $m.GUID | Should -Match '^[0-9a-f-]{36}$'
        $m.Author | Should -Not -BeNullOrEmpty
        $m.Description | Should -Not -BeNullOrEmpty
        $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $m.PowerShellVersion | Should -Be '5.1'
        $m.PrivateData.PSData.Tags | Should -Contain 'Neo4j'
        $m.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $m.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $m.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $m.FormatsToProcess | Should -Contain 'Neo4jAura.Format.ps1xml'
        $m.NestedModules[0] | Should -Be 'Neo4jAura.Resolver.dll'
        $m.CmdletsToExport | Should -Not -Contain '*'
        $m.AliasesToExport | Should -Not -Contain '*'
        $m.FunctionsToExport.Count | Should -Be 0
    }

    It 'exports exactly the cmdlets it lists, and every file it names is in the folder' {
        $m = Import-PowerShellDataFile $manifestPath
        $exported = Invoke-FreshPwsh "Import-Module '$modulePath'; (Get-Command -Module Neo4jAura -CommandType Cmdlet).Name"
        @($exported | Sort-Object) | Should -Be @($m.CmdletsToExport | Sort-Object)
        foreach ($file in @($m.NestedModules) + @($m.FormatsToProcess) + @($m.TypesToProcess | Where-Object { $_ })) {
            Join-Path $modulePath $file | Should -Exist
        }
        Join-Path $modulePath 'en-US/Neo4jAura.dll-Help.xml' | Should -Exist
    }

    It 'keeps dependencies out of the module root, so only the resolver decides how they load' {
        $root = Get-ChildItem $modulePath -Filter *.dll | ForEach-Object Name | Sort-Object
        $root | Should -Be @('Neo4jAura.dll', 'Neo4jAura.Resolver.dll')
        Join-Path $modulePath 'dependencies/Polly.Core.dll' | Should -Exist
        Join-Path $modulePath 'dependencies/System.Management.Automation.dll' | Should -Not -Exist
    }
}

Describe 'Dependency isolation' {
    BeforeAll { $script:emu = Start-AuraTestEmulator }
    AfterAll { Stop-AuraTestEmulator $emu }

    It 'works after another module loaded Polly 7 (as Az.Accounts does), with our Polly.Core in our own load context' {
        $polly7 = Join-Path $nuget 'polly/7.2.4/lib/netstandard2.0/Polly.dll'
        $polly7 | Should -Exist
        $out = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$polly7'
Import-Module '$modulePath'
`$secret = ConvertTo-SecureString '$($emu.ClientSecret)' -AsPlainText -Force
Connect-Aura -ClientId '$($emu.ClientId)' -ClientSecret `$secret -BaseUri '$($emu.BaseUri)'
'instances=' + @(Get-AuraInstance).Count
foreach (`$a in [AppDomain]::CurrentDomain.GetAssemblies()) {
    if (`$a.GetName().Name -in 'Polly', 'Polly.Core') {
        `$a.GetName().Name + '=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$a).Name + '=' + `$a.GetName().Version
    }
}
"@
        ($out -match '^instances=(\d+)$') | Should -Not -BeNullOrEmpty
        [int](($out -match '^instances=')[0] -replace 'instances=') | Should -BeGreaterThan 0
        ($out -match '^Polly=') | Should -Match '=7\.'
        ($out -match '^Polly\.Core=') | Should -Match '^Polly\.Core=Neo4jAura='
    }

    It 'loads nothing heavy at import: no HTTP client, no Polly, no JSON until a cmdlet runs' {
        $out = Invoke-FreshPwsh @"
Import-Module '$modulePath'
[AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name }
"@
        $out | Should -Contain 'Neo4jAura'
        $out | Should -Not -Contain 'Polly.Core'
        $out | Should -Not -Contain 'System.Threading.RateLimiting'
    }
}

Describe 'The PowerShell Gallery package' {
    It 'publishes to a local repository, installs from it (Save-PSResource: the layout Install-PSResource writes) and imports' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('aura-pkg-' + [guid]::NewGuid().ToString('N'))
        $feed = Join-Path $work 'feed'; $installed = Join-Path $work 'modules'
        $null = New-Item -ItemType Directory -Force $feed, $installed
        $repo = 'AuraTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        try {
            $out = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name '$repo' -Uri '$feed' -Trusted
try {
    Publish-PSResource -Path '$modulePath' -Repository '$repo'
    Get-ChildItem '$feed' -Filter *.nupkg | ForEach-Object { 'package=' + `$_.Name }
    Save-PSResource -Name Neo4jAura -Repository '$repo' -Path '$installed' -TrustRepository
    `$env:PSModulePath = '$installed' + [IO.Path]::PathSeparator + `$env:PSModulePath
    Import-Module Neo4jAura
    'imported=' + (Get-Module Neo4jAura).Version
    'cmdlets=' + (Get-Command -Module Neo4jAura).Count
} finally { Unregister-PSResourceRepository -Name '$repo' }
"@
            $version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
            ($out -match '^package=') | Should -Be "package=Neo4jAura.$version.nupkg"
            ($out -match '^imported=') | Should -Be "imported=$version"
            [int](($out -match '^cmdlets=')[0] -replace 'cmdlets=') | Should -Be (Import-PowerShellDataFile $manifestPath).CmdletsToExport.Count
            Join-Path $installed "Neo4jAura/$version/dependencies/Polly.Core.dll" | Should -Exist
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'The emulator as a .NET tool' {
    It 'packs, installs from a local folder source and serves the API' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('aura-tool-' + [guid]::NewGuid().ToString('N'))
        $feed = Join-Path $work 'feed'; $tools = Join-Path $work 'tools'; $cache = Join-Path $work 'nuget'
        $project = Join-Path (Get-AuraTestRepoRoot) 'src/Neo4jAura.Emulator/Neo4jAura.Emulator.csproj'
        $tool = $null
        # A private package cache, so a package of the same version cached by an earlier run is never used instead.
        $oldCache = $env:NUGET_PACKAGES
        $env:NUGET_PACKAGES = $cache
        try {
            $packOutput = & dotnet pack $project -c Release -o $feed --nologo -v quiet 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($packOutput -join "`n")
            $installOutput = & dotnet tool install Neo4jAura.Emulator --tool-path $tools --add-source $feed 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($installOutput -join "`n")
            $exe = Join-Path $tools $(if ($IsWindows) { 'aura-emulator.exe' } else { 'aura-emulator' })
            $exe | Should -Exist

            $tool = Start-AuraEmulatorProcess -FilePath $exe -ClientId 'tool' -ClientSecret 'tool-secret'
            $null = Wait-AuraEmulatorReady $tool
            $baseUri = $tool.BaseUri
            $baseUri | Should -Not -BeNullOrEmpty
            $token = Get-AuraTestToken $tool
            $instances = Invoke-RestMethod -Uri "$baseUri/v1/instances" -Headers @{ Authorization = "Bearer $token" }
            $instances.data.Count | Should -BeGreaterThan 0
        }
        finally {
            if ($tool) { Stop-AuraTestEmulator $tool }
            $env:NUGET_PACKAGES = $oldCache
            Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
