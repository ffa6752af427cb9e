# The emulator driven the way a user without the module would: Invoke-RestMethod and Invoke-WebRequest.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    $script:emu = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds 1
    $script:api = "$($emu.BaseUri)/v1"

    function Invoke-Api {
        param([string] $Method = 'Get', [string] $Path, $Body, [string] $Token = $script:token)
        $params = @{ Method = $Method; Uri = "$script:api$Path"; Headers = @{ Authorization = "Bearer $Token" }; SkipHttpErrorCheck = $true; StatusCodeVariable = 'status' }
        if ($PSBoundParameters.ContainsKey('Body')) { $params.Body = ($Body | ConvertTo-Json -Depth 5); $params.ContentType = 'application/json' }
        $answer = Invoke-RestMethod @params
        [pscustomobject]@{ Status = $status; Body = $answer }
    }

    function Wait-Status {
        param([string] $Id, [string] $Status, [int] $TimeoutSec = 20)
        $deadline = (Get-Date).AddSeconds($TimeoutSec)
        do {
            $current = (Invoke-Api -Path "/instances/$Id").Body.data.status
            if ($current -eq $Status) { return $current }
            Start-Sleep -Milliseconds 250
        } while ((Get-Date) -lt $deadline)
        throw "Instance $Id is still '$current', not '$Status', after $TimeoutSec s."
    }

    $script:token = Get-AuraTestToken $emu
    $script:tenant = (Invoke-Api -Path '/tenants').Body.data[0]
    $config = $tenant.instance_configurations | Where-Object type -eq 'enterprise-db' | Select-Object -First 1
    if (-not $config) { $config = $tenant.instance_configurations[0] }
    $script:region = $config.regions[0]
    $script:newInstance = @{
        name = 'pester-one'; tenant_id = $tenant.id; type = $config.type
        region = $region.name; cloud_provider = $(if ($region.cloud_provider) { $region.cloud_provider } else { 'gcp' }); memory = '8GB'
    }
}

AfterAll { if ($script:emu) { Stop-AuraTestEmulator $script:emu } }

Describe 'Emulator: tokens' {
    It 'issues a bearer token for the client credentials' {
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emu.ClientId):$($emu.ClientSecret)"))
        $answer = Invoke-RestMethod -Method Post -Uri "$($emu.BaseUri)/oauth/token" -Headers @{ Authorization = "Basic $basic" } `
            -Body 'grant_type=client_credentials' -ContentType 'application/x-www-form-urlencoded'
        $answer.access_token | Should -Not -BeNullOrEmpty
        $answer.expires_in | Should -BeGreaterThan 0
        $answer.token_type | Should -Be 'bearer'
    }

    It 'answers 401 to a wrong secret' {
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emu.ClientId):wrong"))
        $r = Invoke-WebRequest -Method Post -Uri "$($emu.BaseUri)/oauth/token" -Headers @{ Authorization = "Basic $basic" } `
            -Body 'grant_type=client_credentials' -ContentType 'application/x-www-form-urlencoded' -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 401
    }

    It 'answers 401 without a token and 403 once the token has expired' {
        (Invoke-Api -Path '/instances' -Token 'not-a-token').Status | Should -Be 401
        $old = Get-AuraTestToken $emu
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/tokens/expire'
        (Invoke-Api -Path '/instances' -Token $old).Status | Should -Be 403
        $script:token = Get-AuraTestToken $emu
        (Invoke-Api -Path '/instances').Status | Should -Be 200
    }
}

Describe 'Emulator: instances' {
    It 'lists instances with the spec''s field names' {
        $list = (Invoke-Api -Path '/instances').Body.data
        $list.Count | Should -BeGreaterThan 0
        $list[0].PSObject.Properties.Name | Should -Contain 'tenant_id'
        $list[0].PSObject.Properties.Name | Should -Contain 'cloud_provider'
    }

    It 'filters by tenant' {
        $list = (Invoke-Api -Path "/instances?tenantId=$($tenant.id)").Body.data
        $list | ForEach-Object { $_.tenant_id | Should -Be $tenant.id }
    }

    It 'answers 404 with an AuraError for an unknown id' {
        $r = Invoke-Api -Path '/instances/ffffffff'
        $r.Status | Should -Be 404
        $r.Body.errors[0].message | Should -Not -BeNullOrEmpty
    }

    It 'refuses a name over 30 characters, naming the field' {
        $body = $newInstance.Clone(); $body.name = 'x' * 31
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 400
        $r.Body.errors.field | Should -Contain 'name'
    }

    It 'refuses memory not like 8GB' {
        $body = $newInstance.Clone(); $body.memory = '8 gigs'
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 400
        $r.Body.errors.field | Should -Contain 'memory'
    }

    It 'refuses a region the tenant does not offer' {
        $body = $newInstance.Clone(); $body.region = 'moon-1'
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 400
        $r.Body.errors.field | Should -Contain 'region'
    }

    It 'creates (202 with the one-time password), then moves creating -> running -> paused -> running -> gone' {
        $r = Invoke-Api -Method Post -Path '/instances' -Body $newInstance
        $r.Status | Should -Be 202
        $r.Body.data.password | Should -Not -BeNullOrEmpty
        $r.Body.data.status | Should -Be 'creating'
        $id = $r.Body.data.id
        Wait-Status $id 'running'

        (Invoke-Api -Method Post -Path "/instances/$id/resume").Status | Should -Be 400  # resume a running one
        $paused = Invoke-Api -Method Post -Path "/instances/$id/pause"
        $paused.Status | Should -Be 200
        $paused.Body.data.status | Should -Be 'pausing'
        Wait-Status $id 'paused'
        (Invoke-Api -Method Post -Path "/instances/$id/snapshots").Status | Should -Be 400  # snapshot a paused one
        (Invoke-Api -Method Post -Path "/instances/$id/resume").Body.data.status | Should -Be 'resuming'
        Wait-Status $id 'running'

        $patched = Invoke-Api -Method Patch -Path "/instances/$id" -Body @{ memory = '16GB' }
        $patched.Status | Should -Be 200
        $patched.Body.data.status | Should -Be 'updating'
        Wait-Status $id 'running'
        (Invoke-Api -Path "/instances/$id").Body.data.memory | Should -Be '16GB'

        (Invoke-Api -Method Delete -Path "/instances/$id").Status | Should -Be 202
        $deadline = (Get-Date).AddSeconds(20)
        while ((Invoke-Api -Path "/instances/$id").Status -ne 404 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 250 }
        (Invoke-Api -Path "/instances/$id").Status | Should -Be 404
    }
}

Describe 'Emulator: snapshots' {
    BeforeAll {
        $script:source = (Invoke-Api -Path '/instances').Body.data | Where-Object status -eq 'running' | Select-Object -First 1
    }

    It 'takes a snapshot that goes InProgress -> Completed' {
        $r = Invoke-Api -Method Post -Path "/instances/$($source.id)/snapshots"
        $r.Status | Should -Be 202
        $r.Body.data.status | Should -Be 'InProgress'
        $sid = $r.Body.data.snapshot_id
        $deadline = (Get-Date).AddSeconds(20)
        do { $s = (Invoke-Api -Path "/instances/$($source.id)/snapshots/$sid").Body.data; Start-Sleep -Milliseconds 250 }
        while ($s.status -ne 'Completed' -and (Get-Date) -lt $deadline)
        $s.status | Should -Be 'Completed'
        $script:snapshotId = $sid
    }

    It 'fails a snapshot when told to' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ fail_next_snapshots = 1 }
        $sid = (Invoke-Api -Method Post -Path "/instances/$($source.id)/snapshots").Body.data.snapshot_id
        $deadline = (Get-Date).AddSeconds(20)
        do { $s = (Invoke-Api -Path "/instances/$($source.id)/snapshots/$sid").Body.data; Start-Sleep -Milliseconds 250 }
        while ($s.status -eq 'InProgress' -and (Get-Date) -lt $deadline)
        $s.status | Should -Be 'Failed'
    }

    It 'restores a snapshot to a new instance (202 with a password)' {
        $body = @{ name = 'pester-restored'; tenant_id = $source.tenant_id; type = $source.type; region = $source.region; cloud_provider = $source.cloud_provider; memory = $source.memory }
        $r = Invoke-Api -Method Post -Path "/instances/$($source.id)/snapshots/$snapshotId/restore" -Body $body
        $r.Status | Should -Be 202
        $r.Body.data.password | Should -Not -BeNullOrEmpty
        Wait-Status $r.Body.data.id 'running'
    }

    It 'overwrites an instance from a snapshot' {
        $target = (Invoke-Api -Path '/instances').Body.data | Where-Object { $_.status -eq 'running' -and $_.id -ne $source.id } | Select-Object -First 1
        $r = Invoke-Api -Method Post -Path "/instances/$($target.id)/overwrite" -Body @{ source_instance_id = $source.id; source_snapshot_id = $snapshotId }
        $r.Status | Should -Be 200
        Wait-Status $target.id 'running'
    }
}

Describe 'Emulator: limits, faults and the control endpoint' {
    AfterEach {
        $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults'
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ rate_limit_per_minute = 125 }
    }

    It 'answers 429 with Retry-After past the rate limit' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ rate_limit_per_minute = 3 }
        $codes = 1..5 | ForEach-Object {
            $r = Invoke-WebRequest -Uri "$api/tenants" -Headers @{ Authorization = "Bearer $token" } -SkipHttpErrorCheck
            [pscustomobject]@{ Code = $r.StatusCode; RetryAfter = $r.Headers['Retry-After'] }
        }
        $codes.Code | Should -Contain 429
        ($codes | Where-Object Code -eq 429 | Select-Object -First 1).RetryAfter | Should -Not -BeNullOrEmpty
    }

    It 'injects a 503 into the next matching request only' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/faults' -Body @{ method = 'GET'; path = '/v1/tenants'; count = 1; kind = 'status'; status = 503 }
        (Invoke-Api -Path '/tenants').Status | Should -Be 503
        (Invoke-Api -Path '/tenants').Status | Should -Be 200
    }

    It 'keeps a request log without secrets' {
        $log = Get-AuraEmulatorRequestLog $emu
        $log.Count | Should -BeGreaterThan 0
        $text = $log | ConvertTo-Json -Depth 5
        $text | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        $text | Should -Not -Match ([regex]::Escape($token))
    }

    It 'holds a status set over the control endpoint (suspended)' {
        $id = ((Invoke-Api -Path '/instances').Body.data | Select-Object -First 1).id
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path "/_emulator/instances/$id/status" -Body @{ status = 'suspended' }
        (Invoke-Api -Path "/instances/$id").Body.data.status | Should -Be 'suspended'
    }

    It 'resets to the seed state' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
        $script:token = Get-AuraTestToken $emu
        (Invoke-Api -Path '/instances').Body.data.name | Should -Not -Contain 'pester-restored'
    }
}
