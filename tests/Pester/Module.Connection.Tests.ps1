# Connect-Aura, Disconnect-Aura, Get-AuraConnection against the real emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestEmulator -ArgumentList '--rate-limit', '0'
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    $script:savedEnv = @{}
    foreach ($name in 'AURA_CLIENT_ID', 'AURA_CLIENT_SECRET', 'AURA_BASE_URI') {
        $savedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    function Get-ApiLog { @(Get-AuraEmulatorRequestLog $emu | ForEach-Object { $_ }) }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
    foreach ($name in $savedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnv[$name]) }
}

Describe 'Connect-Aura' {
    AfterEach {
        Disconnect-Aura
        foreach ($name in 'AURA_CLIENT_ID', 'AURA_CLIENT_SECRET', 'AURA_BASE_URI') { [Environment]::SetEnvironmentVariable($name, $null) }
    }

    It 'signs in with -ClientId and -ClientSecret and fetches a token at once' {
        Clear-AuraEmulatorRequestLog $emu
        $connection = Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -PassThru
        $connection.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraConnection'
        $connection.ClientId | Should -Be $emu.ClientId
        $connection.BaseUri.AbsoluteUri.TrimEnd('/') | Should -Be $emu.BaseUri
        $connection.ApiVersion | Should -Be 'v1'
        $connection.TokenExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        (Get-ApiLog).path | Should -Contain '/oauth/token'
        (Get-AuraInstance).Count | Should -BeGreaterThan 0
    }

    It 'signs in with -Credential (user name = client id)' {
        $credential = [pscredential]::new($emu.ClientId, $secret)
        Connect-Aura -Credential $credential -BaseUri $emu.BaseUri -ApiVersion v1beta3
        (Get-AuraConnection).ApiVersion | Should -Be 'v1beta3'
        Clear-AuraEmulatorRequestLog $emu
        $null = Get-AuraTenant
        (Get-ApiLog).path | Should -Contain '/v1beta3/tenants'
    }

    It 'signs in from AURA_CLIENT_ID, AURA_CLIENT_SECRET and AURA_BASE_URI' {
        $env:AURA_CLIENT_ID = $emu.ClientId
        $env:AURA_CLIENT_SECRET = $emu.ClientSecret
        $env:AURA_BASE_URI = $emu.BaseUri
        $result = Connect-Aura
        $result | Should -BeNullOrEmpty   # nothing without -PassThru
        (Get-AuraConnection).ClientId | Should -Be $emu.ClientId
        (Get-AuraTenant).Count | Should -Be 2
    }

    It 'names the missing environment variables in a terminating error' {
        $env:AURA_BASE_URI = $emu.BaseUri
        $err = { Connect-Aura } | Should -Throw -ErrorId 'AuraCredentialMissing*' -PassThru
        $err.Exception.Message | Should -Match 'AURA_CLIENT_ID'
        $err.Exception.Message | Should -Match 'AURA_CLIENT_SECRET'
        $env:AURA_CLIENT_ID = 'someone'
        $err = { Connect-Aura } | Should -Throw -ErrorId 'AuraCredentialMissing*' -PassThru
        $err.Exception.Message | Should -Match 'environment variable AURA_CLIENT_SECRET is not set'
    }

    It 'fails here, terminating and clearly, on bad credentials' {
        $wrong = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
        $err = { Connect-Aura -ClientId $emu.ClientId -ClientSecret $wrong -BaseUri $emu.BaseUri -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'AuraAuthenticationFailed*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match 'refused'
        $err.Exception.Message | Should -Not -Match 'not-the-secret'
        Get-AuraConnection | Should -BeNullOrEmpty
    }

    It 'refuses http to a host that is not loopback, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        $err = { Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri 'http://aura.example.com' } |
            Should -Throw -ErrorId 'AuraInvalidBaseUri*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'clear text'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'accepts http to loopback addresses' {
        $port = ([uri]$emu.BaseUri).Port
        Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri "http://localhost:$port"
        (Get-AuraConnection).BaseUri.Host | Should -Be 'localhost'
    }

    It 'validates -RequestsPerMinute, -RequestTimeoutSec and -ApiVersion before anything else' {
        { Connect-Aura -ClientId x -ClientSecret $secret -BaseUri $emu.BaseUri -RequestsPerMinute 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Connect-Aura -ClientId x -ClientSecret $secret -BaseUri $emu.BaseUri -RequestTimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Connect-Aura -ClientId x -ClientSecret $secret -BaseUri $emu.BaseUri -RequestTimeoutSec 3601 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Connect-Aura -ClientId x -ClientSecret $secret -BaseUri $emu.BaseUri -ApiVersion '../x' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Get-AuraConnection and Disconnect-Aura' {
    BeforeEach { Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri }

    It 'shows client id, base URI, API version and token expiry, never the secret or the token' {
        $connection = Get-AuraConnection
        $names = $connection.PSObject.Properties.Name
        $names | Should -Contain 'ClientId'
        $names | Should -Contain 'TokenExpiresOn'
        $names | Where-Object { $_ -match 'Secret|AccessToken|^Token$' } | Should -BeNullOrEmpty
        $text = ($connection | Format-List * | Out-String) + ($connection | Format-Table | Out-String) + "$connection" +
            ($connection | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
        $text | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        $text | Should -Not -Match '(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])'
    }

    It 'forgets the connection: API cmdlets then fail with AuraNotConnected' {
        Disconnect-Aura
        Get-AuraConnection | Should -BeNullOrEmpty
        $err = { Get-AuraInstance } | Should -Throw -ErrorId 'AuraNotConnected*' -PassThru
        $err.Exception.Message | Should -Be 'Not connected to Aura. Run Connect-Aura first.'
    }

    It 'drives an explicit -Connection even when another is current' {
        $first = Get-AuraConnection
        Disconnect-Aura
        (Get-AuraInstance -Connection $first -Name 'prod-orders').Id | Should -Be 'a1b2c3d4'
    }

    It 'is shared with ForEach-Object -Parallel runspaces (one token)' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $module = Get-AuraTestModulePath
        Clear-AuraEmulatorRequestLog $emu
        $names = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:module
            (Get-AuraInstance -InstanceId 'a1b2c3d4').Name
        }
        $names | Should -Be @('prod-orders', 'prod-orders', 'prod-orders', 'prod-orders')
        @((Get-ApiLog) | Where-Object path -eq '/oauth/token').Count | Should -Be 0
    }
}
